// Speaks each call: a chime, then the phrase twice ("请 A零二三 号 到 3号诊室 就诊"). The phrase comes from the server
// with the call (call.spoken[language]). It is spoken by the browser when it has a voice for the language, and
// otherwise played from the server's rendering (espeak-ng), GET /api/voice/calls/{eventId}/audio.wav. Calls are
// spoken one after another, never over each other.
//
// window.displayAnnouncements lists the announcements this page requested (newest last), for diagnosis on site
// and for the browser tests, which cannot listen.

const REPEATS = 2;
const PAUSE_BETWEEN_MS = 700;
const SAFETY_TIMEOUT_MS = 20000;
const KEEP = 100;

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the promise settles or after the safety timeout, so one stuck utterance cannot stop the queue. */
const bounded = (promise) => Promise.race([promise, wait(SAFETY_TIMEOUT_MS)]);

export class Announcer {
  constructor(language) {
    this.language = language;
    this.queue = [];
    this.speaking = false;
    this.context = window.AudioContext ? new AudioContext() : null;
    window.displayAnnouncements = [];
  }

  /** True when the browser lets this page play sound without a click (kiosk flag or earlier gesture). */
  async soundAllowed() {
    if (!this.context) return true;
    await Promise.race([this.context.resume(), wait(300)]);
    return this.context.state === 'running';
  }

  /** Called from the "enable sound" click: the gesture unlocks WebAudio, media playback and speech. */
  enable() {
    this.context?.resume();
    return this.chime();
  }

  announce(call) {
    const entry = {
      eventId: call.eventId, number: call.number, roomId: call.roomId, recallCount: call.recallCount,
      language: this.language, text: call.spoken?.[this.language] ?? null, requestedAt: Date.now(),
      via: null, outcome: 'queued',
    };
    window.displayAnnouncements.push(entry);
    if (window.displayAnnouncements.length > KEEP) window.displayAnnouncements.shift();
    this.queue.push(entry);
    this.pump();
  }

  async pump() {
    if (this.speaking) return;
    this.speaking = true;
    try {
      while (this.queue.length > 0) {
        const entry = this.queue.shift();
        if (this.context && this.context.state !== 'running') {
          entry.outcome = 'muted'; // sound not enabled yet: shown on screen only
          continue;
        }
        await this.chime();
        const voice = this.voice();
        entry.via = voice && entry.text ? 'speech' : 'server';
        let ok = true;
        for (let i = 0; i < REPEATS; i++) {
          if (i > 0) await wait(PAUSE_BETWEEN_MS);
          ok = (entry.via === 'speech' ? await this.speak(entry.text, voice) : await this.play(entry)) && ok;
        }
        entry.outcome = ok ? 'played' : 'failed';
      }
    } finally {
      this.speaking = false;
    }
  }

  /** A browser voice for the display's language, or null. */
  voice() {
    if (!window.speechSynthesis) return null;
    const wanted = this.language.toLowerCase();
    const voices = speechSynthesis.getVoices().map((v) => ({ v, lang: v.lang.replace('_', '-').toLowerCase() }));
    const exact = voices.find(({ lang }) => lang === wanted);
    const close = voices.find(({ lang }) => lang.split('-')[0] === wanted.split('-')[0]
      && !['zh-tw', 'zh-hk'].includes(lang));
    return (exact ?? close)?.v ?? null;
  }

  speak(text, voice) {
    return bounded(new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = () => resolve(true);
      utterance.onerror = () => resolve(false);
      speechSynthesis.speak(utterance);
    }));
  }

  play(entry) {
    const url = `/api/voice/calls/${entry.eventId}/audio.wav?lang=${encodeURIComponent(this.language)}`;
    return bounded(new Promise((resolve) => {
      const audio = new Audio(url);
      audio.onended = () => resolve(true);
      audio.onerror = () => resolve(false);
      audio.play().catch(() => resolve(false));
    }));
  }

  /** A soft two-tone "ding-dong" made with WebAudio. */
  async chime() {
    if (!this.context || this.context.state !== 'running') return;
    const start = this.context.currentTime + 0.05;
    [659.25, 523.25].forEach((frequency, i) => {
      const at = start + i * 0.45;
      const oscillator = this.context.createOscillator();
      const gain = this.context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
      oscillator.connect(gain).connect(this.context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.95);
    });
    await wait(1400);
  }
}
