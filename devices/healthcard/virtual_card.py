#!/usr/bin/python3
"""A fictional resident health card (居民健康卡) for the real PC/SC stack, through vsmartcard's virtual reader.

pcscd with the vpcd driver (Debian: vsmartcard-vpcd) offers a reader "Virtual PCD" and listens on localhost:35963;
this script connects to it, which is the card being inserted, and answers APDUs until it is stopped (Ctrl-C, kill),
which is the card being taken out. The card is an ISO 7816-4 file tree described by a JSON file (see cards/):

    {"encoding": "gbk",
     "files": [{"path": ["3F00", "DDF1", "EF06"], "size": 64,
                "binary": [{"offset": 0, "length": 30, "text": "林晓燕"}, {"offset": 33, "length": 4, "bcd": "19850312"}]},
               {"path": ["3F00", "DDF1", "EF05"], "records": [[{"offset": 0, "length": 18, "text": "H40104198503120246"}]]}],
     "aids": {"DDF1": "D1560000..."}}

"binary" and each record are either hex text or a list of fields: "text" (encoded, padded with 00), "bcd" (packed
digits, padded with F) or "hex". It answers SELECT (by file id, or by AID for the DFs listed in "aids"), READ BINARY
and READ RECORD; everything else is 6D00.

Usage: virtual_card.py CARD.json [--host localhost] [--port 35963] [--verbose]
"""
import argparse
import hashlib
import json
import logging
import signal
import sys
import types

# Debian installs the library outside Python's path (python3-virtualsmartcard)
sys.path.insert(0, "/usr/lib/python3/site-packages/virtualsmartcard")
# Without PyCrypto the library falls back to Python 2's "sha" module, which Python 3 lacks; this card needs no
# cryptography, so Python 2's interface over hashlib is enough to import it.
if "sha" not in sys.modules:
    sys.modules["sha"] = types.SimpleNamespace(new=hashlib.sha1)
try:
    from virtualsmartcard.VirtualSmartcard import SmartcardOS, VirtualICC
except ImportError:
    sys.exit("python3-virtualsmartcard is not installed (apt-get install python3-virtualsmartcard)")

ATR = bytes.fromhex("3B8880010000000000000000")  # T=1, no historical meaning: a card of ours


def sw(code, data=b""):
    return bytes(data) + bytes([code >> 8, code & 0xFF])


def encode_fields(fields, size, encoding):
    content = bytearray(size)
    for field in fields:
        offset, length = field["offset"], field["length"]
        if "text" in field:
            value = field["text"].encode(encoding)
            value = value + bytes(length - len(value)) if len(value) <= length else None
        elif "bcd" in field:
            digits = field["bcd"] + "F" * (2 * length - len(field["bcd"]))
            value = bytes.fromhex(digits) if len(digits) == 2 * length else None
        else:
            value = bytes.fromhex(field["hex"])
        if value is None or len(value) != length and "hex" not in field:
            sys.exit("field at offset %d does not fit its %d bytes" % (offset, length))
        content[offset:offset + len(value)] = value
    return bytes(content)


def content_of(spec, encoding, size=None):
    if isinstance(spec, str):
        return bytes.fromhex(spec.replace(" ", ""))
    needed = max([f["offset"] + f["length"] for f in spec] + [size or 0])
    return encode_fields(spec, needed, encoding)


class Node:
    def __init__(self, fid, parent):
        self.fid, self.parent, self.children = fid, parent, []
        self.aid = None
        self.binary = None
        self.records = None


class HealthCardOS(SmartcardOS):
    def __init__(self, card):
        encoding = card.get("encoding", "gbk")
        self.mf = Node(b"\x3f\x00", None)
        for file in card["files"]:
            node = self.mf
            for fid in [bytes.fromhex(p) for p in file["path"]]:
                if fid == self.mf.fid:
                    node = self.mf
                    continue
                child = next((c for c in node.children if c.fid == fid), None)
                if child is None:
                    child = Node(fid, node)
                    node.children.append(child)
                node = child
            if "binary" in file:
                node.binary = content_of(file["binary"], encoding, file.get("size"))
            else:
                node.records = [content_of(r, encoding) for r in file["records"]]
        for name, aid in card.get("aids", {}).items():
            for node in self.walk(self.mf):
                if node.fid == bytes.fromhex(name):
                    node.aid = bytes.fromhex(aid)
        self.powerUp()

    def walk(self, node):
        yield node
        for child in node.children:
            yield from self.walk(child)

    def getATR(self):
        return ATR

    def powerUp(self):
        self.df, self.ef = self.mf, None

    def reset(self):
        self.powerUp()

    def powerDown(self):
        pass

    def execute(self, apdu):
        if len(apdu) < 4:
            return sw(0x6700)
        cla, ins, p1, p2 = apdu[0], apdu[1], apdu[2], apdu[3]
        if cla != 0x00:
            return sw(0x6E00)
        le = apdu[-1] if len(apdu) == 5 or (len(apdu) > 5 and len(apdu) == 6 + apdu[4]) else None
        if ins == 0xA4:
            return self.select(p1, apdu[5:5 + apdu[4]] if len(apdu) > 5 else b"")
        if ins == 0xB0:
            if p1 & 0x80:
                return sw(0x6A81)
            if self.ef is None or self.ef.binary is None:
                return sw(0x6986 if self.ef is None else 0x6981)
            offset, want = (p1 << 8) | p2, (le or 256)
            if offset > len(self.ef.binary):
                return sw(0x6B00)
            data = self.ef.binary[offset:offset + want]
            return sw(0x9000 if len(data) == want else 0x6282, data)
        if ins == 0xB2:
            if p2 & 0x07 != 0x04:
                return sw(0x6A81)
            if self.ef is None or self.ef.records is None:
                return sw(0x6986 if self.ef is None else 0x6981)
            if not 1 <= p1 <= len(self.ef.records):
                return sw(0x6A83)
            record = self.ef.records[p1 - 1]
            return sw(0x9000, record[:le] if le else record)
        return sw(0x6D00)

    def select(self, p1, data):
        found = None
        if p1 == 0x04:
            found = next((n for n in self.walk(self.mf) if n.aid == data), None)
        elif p1 <= 0x02 and len(data) == 2:
            if data == self.mf.fid:
                found = self.mf
            else:
                for df in [self.df] + ([self.df.parent] if self.df.parent else []):
                    found = found or next((c for c in df.children if c.fid == data), None)
        if found is None:
            return sw(0x6A82)
        if found.binary is not None or found.records is not None:
            self.ef, self.df = found, found.parent
        else:
            self.df, self.ef = found, None
        return sw(0x9000)


class HealthCardICC(VirtualICC):
    """VirtualICC's socket loop around our card OS (its own constructor knows only its built-in card types)."""

    def __init__(self, card, host, port):
        self.os = HealthCardOS(card)
        self.type = "clinickiosk-health-card"
        self.host, self.port = host, port
        self.sock = self.connectToPort(host, port)
        self.sock.settimeout(None)
        self.server_sock = None


def main():
    parser = argparse.ArgumentParser(description="a fictional resident health card on vsmartcard's virtual reader")
    parser.add_argument("card", help="card description (JSON), e.g. devices/healthcard/cards/lin-xiaoyan.json")
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--verbose", action="store_true", help="log every APDU")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s [%(levelname)s] %(message)s")
    with open(args.card, encoding="utf-8") as f:
        card = json.load(f)
    try:
        icc = HealthCardICC(card, args.host, args.port)
    except OSError as e:
        sys.exit("cannot reach the virtual reader at %s:%d (%s): is pcscd running with vsmartcard-vpcd?"
                 % (args.host, args.port, e))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("card inserted", flush=True)
    try:
        icc.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
