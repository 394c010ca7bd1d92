// The alarm that sounds while an alert is open: a two-tone beep every two seconds, made with WebAudio (no audio
// file). Browsers let a page make sound only after a user gesture, so unlock() is called from a click.

const PERIOD_MS = 2000;

export class AlertSound {
  constructor(onChange = () => {}) {
    this.context = null;
    this.timer = null;
    this.beeps = 0;
    this.onChange = onChange;
  }

  unlock() {
    if (!window.AudioContext) return;
    this.context ??= new AudioContext();
    this.context.resume();
  }

  unlocked() {
    return this.context?.state === 'running';
  }

  start() {
    if (this.timer) return;
    this.beep();
    this.timer = setInterval(() => this.beep(), PERIOD_MS);
    this.onChange(true, this.beeps);
  }

  stop() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.onChange(false, this.beeps);
  }

  beep() {
    this.beeps += 1;
    this.onChange(true, this.beeps);
    if (!this.unlocked()) return;
    const now = this.context.currentTime;
    [880, 660].forEach((frequency, i) => {
      const oscillator = this.context.createOscillator();
      const gain = this.context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.25, now + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.25 + 0.22);
      oscillator.connect(gain).connect(this.context.destination);
      oscillator.start(now + i * 0.25);
      oscillator.stop(now + i * 0.25 + 0.24);
    });
  }
}
