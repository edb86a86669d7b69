// Records the expectations of a JavaScript/TypeScript extractor's own spec files (vitest/jest
// style: describe/it/test.each/expect) without running the extractor: its functions are
// replaced by recorders, as peer_cases.py does for the Python peers. Written for
// github.com/ninoseki/ioc-extractor's spec/ (read from a clone at run time; nothing of it is
// kept here). Used by peer_cases.py:
//
//   node peer_cases_js.js SPEC_DIR OUT.json SPEC.ts...
//
// SPEC_DIR is where the specs' fixtures/ sit; each SPEC.ts has its imports removed and simple
// type annotations stripped by peer_cases.py before it gets here (as plain JavaScript).
// OUT.json: {"calls": [{test, text, kind, opts, present, absent, exact, empty}],
//            "fang": [{test, defanged, fanged}]}
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [specDir, outPath, ...specs] = process.argv.slice(2);
const CALLS = [];
const FANG = [];
let CUR = "";

function newCall(kind, text, opts) {
  const c = { test: CUR, text: String(text), kind, opts: opts || {}, present: [], absent: [], exact: null, empty: false };
  CALLS.push(c);
  return c;
}

// Stands for results of kinds millwatch does not have: every use passes.
const absorb = new Proxy(function () {}, {
  get: (t, p) => (p === Symbol.toPrimitive ? () => "" : absorb),
  apply: () => absorb,
});

class ListProbe { // a list the extractor would have returned
  constructor(c) { this.c = c; }
  get length() { return new LenProbe(this.c); }
}
class LenProbe { constructor(c) { this.c = c; } }
class FirstProbe { constructor(c) { this.c = c; } } // first match or null
class ValidProbe { constructor(c) { this.c = c; } } // whole string is valid as the kind
class FangProbe { constructor(text) { this.text = text; } }

function expect(x) {
  const eq = (v) => {
    if (x instanceof ListProbe) {
      if (Array.isArray(v)) {
        if (v.length) x.c.exact = (x.c.exact || []).concat(v);
        else x.c.empty = true;
      }
    } else if (x instanceof LenProbe) {
      if (v === 0) x.c.empty = true;
    } else if (x instanceof FirstProbe) {
      if (v === null) x.c.empty = true;
      else if (typeof v === "string") x.c.present.push(v);
    } else if (x instanceof ValidProbe) {
      if (v === true) x.c.present.push(x.c.text);
      else if (v === false) x.c.absent.push(x.c.text);
    } else if (x instanceof FangProbe) {
      if (typeof v === "string") FANG.push({ test: CUR, defanged: x.text, fanged: v });
    }
  };
  const m = {
    toEqual: eq,
    toBe: eq,
    toStrictEqual: eq,
    toBeNull: () => eq(null),
    toHaveLength: (n) => { if (n === 0) eq([]); },
  };
  return new Proxy(m, { get: (t, p) => (p in t ? t[p] : () => {}) });
}
expect.anything = () => absorb;

function describe(name, fn) { fn(); }
function it(name, fn) {
  const prev = CUR;
  CUR = prev ? `${prev} / ${name}` : name;
  try { fn(); } catch (e) { /* a test that trips on a stand-in keeps what it recorded */ }
  CUR = prev;
}
it.each = (table) => (name, fn) => table.forEach((row, i) => it(`${name}[${i}]`, () => fn(...(Array.isArray(row) ? row : [row]))));
it.skip = () => {};
it.only = it;
describe.each = (table) => (name, fn) => table.forEach((row) => fn(...(Array.isArray(row) ? row : [row])));
describe.skip = () => {};
const test = it;

// The extractor's API, as recorders.
const IOC_KEYS = { md5s: "md5", sha1s: "sha1", sha256s: "sha256", sha512s: "sha512", domains: "domain", ipv4s: "ipv4", ipv6s: "ipv6", urls: "url", emails: "email", btcs: "btc", xmrs: "xmr", eths: "eth" };
function extractIOC(input, options) {
  const cache = {};
  return new Proxy({}, {
    get: (t, p) => {
      const kind = IOC_KEYS[p];
      if (!kind) return absorb;
      if (!cache[p]) cache[p] = new ListProbe(newCall(kind, input, options));
      return cache[p];
    },
  });
}
const partialExtractIOC = (input, keys, options) => extractIOC(input, options);

const ONE = { MD5: "md5", SHA1: "sha1", SHA256: "sha256", SHA512: "sha512", Domain: "domain", IPv4: "ipv4", IPv6: "ipv6", Email: "email", URL: "url", BTC: "btc", XMR: "xmr", ETH: "eth" };
const api = {};
for (const name of ["MD5", "SHA1", "SHA256", "SHA512", "SSDEEP", "ASN", "Domain", "IPv4", "IPv6", "Email", "URL", "CVE", "BTC", "XMR", "GAPubID", "GATrackID", "MacAddress", "ETH"]) {
  const kind = ONE[name];
  api["extract" + name] = kind ? (v, o) => new FirstProbe(newCall(kind, v, { refang: false, ...o })) : () => absorb;
  api["is" + name] = kind ? (v, o) => new ValidProbe(newCall(kind, v, { refang: false, ...o })) : () => absorb;
}
api.extractGATrackIDs = () => absorb;
api.matchesWithRegExp = () => absorb;

// Regexes the specs apply with String.prototype.match.
const RX = (kind) => ({ __kind: kind });
const regexes = {
  domainRegex: () => RX("domain"), emailRegex: () => RX("email"), urlRegex: () => RX("url"),
  ipv4Regex: () => RX("ipv4"), ipv6Regex: () => RX("ipv6"),
  md5Regex: RX("md5"), sha1Regex: RX("sha1"), sha256Regex: RX("sha256"), sha512Regex: RX("sha512"),
  btcRegex: RX("btc"), xmrRegex: RX("xmr"), ethRegex: RX("eth"),
  asnRegex: RX(null), cveRegExp: RX(null), gaPubIDRegex: RX(null), gaTrackIDRegex: RX(null),
  macAddressRegex: RX(null), ssdeepRegex: RX(null),
};
const realMatch = String.prototype.match;
String.prototype.match = function (re) {
  if (re && typeof re === "object" && "__kind" in re) {
    return re.__kind ? new ListProbe(newCall(re.__kind, String(this), { refang: false })) : absorb;
  }
  return realMatch.call(this, re);
};

const utils = {
  refang: (s) => new FangProbe(s),
  dedup: () => absorb, sortByValue: () => absorb, unicodeToASCII: () => absorb,
};

const sandbox = {
  describe, it, test, expect, fs, path, console: { log() {}, warn() {}, error() {} },
  extractIOC, partialExtractIOC, ...api, ...regexes, ...utils,
  __dirname: specDir,
  vi: absorb, jest: absorb, beforeAll() {}, afterAll() {}, beforeEach() {}, afterEach() {},
};
vm.createContext(sandbox);
// The sandbox gets its own String: route its match through the recorder too.
vm.runInContext(`String.prototype.match = ${String.prototype.match.toString().replace("realMatch", "__realMatch")};`, Object.assign(sandbox, {
  ListProbe, newCall, absorb, __realMatch: vm.runInContext("String.prototype.match", sandbox),
}));
for (const spec of specs) {
  CUR = path.basename(spec, ".js");
  try {
    vm.runInContext(fs.readFileSync(spec, "utf8"), sandbox, { filename: spec });
  } catch (e) {
    process.stderr.write(`  ${spec}: not run (${e && e.message})\n`);
  }
}
fs.writeFileSync(outPath, JSON.stringify({ calls: CALLS, fang: FANG }));
