#!/usr/bin/env python3
"""Compares what millwatch ingest reads from other projects' sample files with what those
projects' own tests expect. Run by bench/ingest/peer_corpora.sh, which copies the files and
builds the `dump` example (one JSON object per file).

What is compared, per corpus:
- chat-miner: every WhatsApp test chat against its target.json (message count, and each
  message's time and author); the Telegram single-chat and whole-account exports against
  theirs. Their tests drop a message whose text is only "." glued to the colon
  ("Name:."), which is not a WhatsApp layout; we do too.
- whatstk: the chat sizes its documentation states (lorem 500, lorem-2000 2000
  interventions) and pokemon's 18 messages (20 lines less its 2 system lines).
- stalwart mail-parser: each .eml with an expected .json: the decoded Subject, and each
  text-body part's text found in our record's text (whitespace-normalised, first 60
  characters; parts their decoder itself garbles with U+FFFD are not counted).
- mikel/mail and SpamScope: every file gives one record without an error, plus the
  attachment names and subjects their specs assert for a few files (listed below).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys


def dump(binary, paths):
    out = subprocess.run([binary, "--json", *paths], capture_output=True, text=True, check=True)
    return {json.loads(l)["path"]: json.loads(l) for l in out.stdout.splitlines() if l.strip()}


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def field(rec, name):
    return [v for n, v in rec["fields"] if n == name]


class Score:
    def __init__(self, name, verbose):
        self.name, self.verbose, self.ok, self.bad = name, verbose, 0, 0

    def check(self, cond, what):
        if cond:
            self.ok += 1
        else:
            self.bad += 1
            if self.verbose or self.bad <= 10:
                print(f"  MISMATCH {self.name}: {what}")

    def report(self):
        print(f"{self.name}: {self.ok}/{self.ok + self.bad} expectations met")
        return self.bad


def chatminer(args, root):
    s = Score("chat-miner", args.verbose)
    wa = sorted(glob.glob(os.path.join(root, "whatsapp", "*.txt")))
    target = json.load(open(os.path.join(root, "whatsapp", "target.json")))
    want = sorted((t["timestamp"], t["author"]) for t in target)
    for path, r in dump(args.dump, wa).items():
        got = sorted((x["time"], field(x, "sender")[0]) for x in r.get("records", []))
        s.check(len(got) == len(want), f"{os.path.basename(path)}: {len(got)} messages, want {len(want)}")
        s.check(got == want, f"{os.path.basename(path)}: times/authors {got} != {want}")
    tg = os.path.join(root, "telegram")
    target = json.load(open(os.path.join(tg, "target.json")))
    want = [(t["timestamp"] + "Z", t["author"]) for t in target]
    for name in ["test_single_export.json", "test_batch_export.json"]:
        r = next(iter(dump(args.dump, [os.path.join(tg, name)]).values()))
        got = [(x["time"], field(x, "sender")[0]) for x in r.get("records", [])]
        s.check(got == want, f"{name}: {got} != {want}")
    return s.report()


def whatstk(args, root):
    s = Score("whatstk", args.verbose)
    sizes = {"lorem.txt": 500, "lorem-2000.txt": 2000, "pokemon.txt": 18}
    paths = [os.path.join(root, "whatsapp", n) for n in sizes]
    for path, r in dump(args.dump, paths).items():
        n = len(r.get("records", []))
        want = sizes[os.path.basename(path)]
        s.check(n == want and not r.get("error"), f"{os.path.basename(path)}: {n} messages, want {want}")
    return s.report()


def stalwart(args, root):
    s = Score("stalwart mail-parser", args.verbose)
    emls = sorted(glob.glob(os.path.join(root, "**", "*.eml"), recursive=True))
    got = dump(args.dump, emls)
    for eml in emls:
        expected = eml[:-4] + ".json"
        if not os.path.exists(expected):
            continue
        e = json.load(open(expected))
        r = got[eml]
        recs = r.get("records") or []
        s.check(len(recs) == 1, f"{eml}: {len(recs)} records ({r.get('error')})")
        if not recs:
            continue
        rec = recs[0]
        subject = None
        for h in e["parts"][0]["headers"]:
            if h["name"] == "subject" and isinstance(h["value"], dict):
                subject = h["value"].get("Text")
        if subject is not None and "\ufffd" not in subject:
            s.check(norm(subject) == norm(rec["title"]), f"{eml}: subject {rec['title']!r} != {subject!r}")
        text = norm(rec["text"])
        for i in e["text_body"]:
            body = e["parts"][i]["body"]
            want = norm(body.get("Text") or "")[:60]
            if want and "\ufffd" not in want:
                s.check(want in text, f"{eml}: part {i} text {want!r} not found")
    return s.report()


# Facts asserted by mikel/mail's and SpamScope's own specs: file -> (field, expected values).
MIKEL = {
    "attachment_emails/attachment_content_disposition.eml": ("attachment", ["api.rb"]),
    "attachment_emails/attachment_with_base64_encoded_name.eml": ("attachment", ["This is a test.pdf"]),
    "attachment_emails/attachment_with_unquoted_name.eml": ("attachment", ["This is a test.txt"]),
    "attachment_emails/attachment_nonascii_filename.eml": ("attachment", ["ciële.txt"]),
    "attachment_emails/attachment_with_quoted_filename.eml": ("attachment", ["Eelanalüüsi päring.jpg"]),
    "multi_charset/japanese_attachment.eml": ("attachment", ["てすと.txt"]),
    "rfc2822/example14.eml": ("subject", ["Re: TEST テストテスト"]),
}
SPAMSCOPE = {
    "mail_test_2": ("attachment", 3),
    "mail_test_5": ("attachment", 5),
    "mail_test_10": ("attachment", 4),
    "mail_malformed_1": ("attachment", 1),
}


def mikel(args, root):
    s = Score("mikel/mail", args.verbose)
    emls = sorted(glob.glob(os.path.join(root, "**", "*.eml"), recursive=True))
    got = dump(args.dump, emls)
    for eml in emls:
        r = got[eml]
        rel = os.path.relpath(eml, root)
        if rel == "sample_output_multipart.eml":
            continue  # an empty file
        s.check(len(r.get("records") or []) == 1, f"{rel}: {r.get('error')}")
        if rel in MIKEL and r.get("records"):
            name, want = MIKEL[rel]
            vals = [norm(v.split("; ")[0]) if name == "attachment" else norm(v) for v in field(r["records"][0], name)]
            s.check(vals == want, f"{rel}: {name} {vals} != {want}")
    return s.report()


def spamscope(args, root):
    s = Score("SpamScope mail-parser", args.verbose)
    files = sorted(glob.glob(os.path.join(root, "mail_*")))
    # Their files have no extension; ours are named .eml as an analyst would save them.
    named = []
    for f in files:
        if f.endswith(".eml"):
            continue
        os.replace(f, f + ".eml")
        named.append(f + ".eml")
    named += [f for f in files if f.endswith(".eml")]
    got = dump(args.dump, named)
    for eml in named:
        base = os.path.basename(eml)[:-4]
        r = got[eml]
        if base == "mail_outlook_1":
            continue  # an Outlook .msg (OLE), not RFC 5322
        s.check(len(r.get("records") or []) == 1, f"{base}: {r.get('error')}")
        if base in SPAMSCOPE and r.get("records"):
            name, n = SPAMSCOPE[base]
            got_n = len(field(r["records"][0], name))
            s.check(got_n == n, f"{base}: {got_n} {name}s, want {n}")
    return s.report()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dump", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--verbose", action="store_true")
    for c in ["chatminer-src", "whatstk-src", "stalwart-mail-src", "mikel-mail-src", "spamscope-src"]:
        p.add_argument("--" + c)
    args = p.parse_args()
    bad = 0
    for root, run in [
        (args.chatminer_src, chatminer),
        (args.whatstk_src, whatstk),
        (args.stalwart_mail_src, stalwart),
        (args.mikel_mail_src, mikel),
        (args.spamscope_src, spamscope),
    ]:
        if root:
            bad += run(args, root)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
