#!/usr/bin/env python3
"""make-demo-data.py -- build crates/liaison/demo/pocs.jsonl, the data `liaison demo` loads.

Regenerate (from the repository root):

    python3 -m venv /tmp/poc-tools-venv
    /tmp/poc-tools-venv/bin/pip install -r /work/shared/tools/requirements.txt
    python3 scripts/make-demo-data.py

This script uses the Python standard library only. Its one outside step is
to run the shared synthetic generator through that venv (the pinned babel,
phonenumbers and pycountry make its output byte-stable). The exact command is:

    /tmp/poc-tools-venv/bin/python /work/shared/tools/gen_pocs.py --count 2000 --seed 7 --jsonl -

Override the paths with --python / --gen, or pass --input FILE to read a saved
copy of that output. The SHA-256 of the generator output is pinned below
(GEN_SHA256). A different input stops the script unless --allow-input-drift
is given, because the demo would then differ.

What it does
------------
* Keeps 36 participating states, spread over all five UN regional groups and
  chosen so that entries exist in all six UN languages (STATES below).
* For each state it keeps 3-6 of the generator's entries, chosen
  deterministically. Each state has at least one diplomatic and one technical
  entry, at least one entity and one person, and always a technical entity
  (its national CERT / agency). Entries in the state's main language
  (STATES) come first; an English entry fills a required role/kind slot
  only when the generator has none in that language, and non-English states
  take at most one English entry beyond those slots. Names, e-mails (*.example only) and phone numbers are the
  generator's own synthetic values. translation_en is kept exactly as
  generated (about 85% of non-English entries carry one).
* Adds Liaison's fields beyond the generator's format:
    time_zone     IANA zone of the state's capital (table below)
    availability  "24/7" or "business_hours". Technical entries are
                  mostly 24/7: CERT/NCSC/NCSA entities always, ministry
                  entities never; persons about 85% in CERT-type bodies,
                  50% in ministries. Diplomatic entries are
                  business_hours, except National Security Council
                  secretariats, which have a 24/7 watch desk.
    phones        some numbers become typed objects
                  {"number": "+…", "type": "voice"|"mobile"|"emergency"|"fax"}
                  (a plain string still means "voice"):
                  - about a third of technical entries get an extra
                    "emergency" number: their first number with the last two
                    digits changed;
                  - some entities with two numbers have the second as "fax";
                  - some persons with two numbers have the second (which
                    the generator drew from libphonenumber's MOBILE examples)
                    as "mobile";
                  - some entries with typed numbers spell their first
                    number out as {"type": "voice"}.
    external_ref  {"directory", "id"} on a few technical entities (EXTERNAL_REFS).
                  These are ILLUSTRATIVE ONLY. The ids start with "example-" and
                  are not real FIRST / OAS / AU / OSCE / APCERT identifiers.
* Key order: id state role kind entity_name person_name title phones emails
  working_languages entry_language translation_en time_zone availability
  [external_ref]. The output is compact JSON, ensure_ascii=False, NFC,
  one object per line, "\\n" line ends, sorted by (state, generator index).
* Deterministic: every choice comes from SHA-256 of fixed strings (not from
  `random`), so two runs give byte-identical files.
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "crates", "liaison", "demo", "pocs.jsonl")
DEFAULT_PYTHON = "/tmp/poc-tools-venv/bin/python"
DEFAULT_GEN = "/work/shared/tools/gen_pocs.py"
GEN_COUNT, GEN_SEED = 2000, 7
# sha256 of `gen_pocs.py --count 2000 --seed 7 --jsonl -` with the pinned requirements.
GEN_SHA256 = "6cd05cf34ec305b0f12584f3cd463fb53983532b1f39add4553b337669a69613"

AF, AP, EE, GRULAC, WEOG = ("African", "Asia-Pacific", "Eastern European",
                            "Latin American and Caribbean", "Western European and Others")
GROUPS = (AF, AP, EE, GRULAC, WEOG)

# iso2: (UN regional group as in un-member-states.json, IANA zone of the capital,
#        main entry language to prefer among the generator's entries)
STATES = {
    # Arabic
    "EG": (AF, "Africa/Cairo", "ar"),
    "MA": (AF, "Africa/Casablanca", "ar"),
    "SA": (AP, "Asia/Riyadh", "ar"),
    "AE": (AP, "Asia/Dubai", "ar"),
    "QA": (AP, "Asia/Qatar", "ar"),
    "JO": (AP, "Asia/Amman", "ar"),
    # Chinese
    "CN": (AP, "Asia/Shanghai", "zh"),
    # French
    "FR": (WEOG, "Europe/Paris", "fr"),
    "BE": (WEOG, "Europe/Brussels", "fr"),
    "CH": (WEOG, "Europe/Zurich", "fr"),          # Bern
    "SN": (AF, "Africa/Dakar", "fr"),
    "CI": (AF, "Africa/Abidjan", "fr"),           # Yamoussoukro (seat of government Abidjan)
    # Russian
    "RU": (EE, "Europe/Moscow", "ru"),
    "BY": (EE, "Europe/Minsk", "ru"),
    "AM": (EE, "Asia/Yerevan", "ru"),
    "KZ": (AP, "Asia/Almaty", "ru"),              # Astana lies in the Asia/Almaty zone
    # Spanish
    "ES": (WEOG, "Europe/Madrid", "es"),
    "MX": (GRULAC, "America/Mexico_City", "es"),
    "AR": (GRULAC, "America/Argentina/Buenos_Aires", "es"),
    "CL": (GRULAC, "America/Santiago", "es"),
    "CO": (GRULAC, "America/Bogota", "es"),
    "PE": (GRULAC, "America/Lima", "es"),
    # English
    "GB": (WEOG, "Europe/London", "en"),
    "US": (WEOG, "America/New_York", "en"),       # Washington, D.C.
    "CA": (WEOG, "America/Toronto", "en"),        # Ottawa
    "AU": (WEOG, "Australia/Sydney", "en"),       # Canberra (ACT)
    "DE": (WEOG, "Europe/Berlin", "en"),
    "IN": (AP, "Asia/Kolkata", "en"),             # New Delhi
    "JP": (AP, "Asia/Tokyo", "en"),
    "SG": (AP, "Asia/Singapore", "en"),
    "NG": (AF, "Africa/Lagos", "en"),             # Abuja
    "KE": (AF, "Africa/Nairobi", "en"),
    "ZA": (AF, "Africa/Johannesburg", "en"),      # Pretoria
    "EE": (EE, "Europe/Tallinn", "en"),
    "PL": (EE, "Europe/Warsaw", "en"),
    "BR": (GRULAC, "America/Sao_Paulo", "en"),    # Brasília (DF)
}

# iso2: (directory, id). Illustrative only (see the header).
EXTERNAL_REFS = {
    "FR": ("FIRST", "example-cert-fr"),
    "JP": ("FIRST", "example-jpcert"),
    "SG": ("APCERT", "example-sgcert"),
    "MX": ("OAS CSIRT Americas", "example-csirt-mx"),
    "CL": ("OAS CSIRT Americas", "example-csirt-cl"),
    "NG": ("AU POC Directory", "example-au-poc-ng"),
    "KE": ("AU POC Directory", "example-au-poc-ke"),
    "EE": ("OSCE POC Directory", "example-osce-ee"),
}

# CN is the only Chinese-language state: keep the maximum so zh is not thin.
COUNT_OVERRIDE = {"CN": 6}

KEY_ORDER = ("id", "state", "role", "kind", "entity_name", "person_name", "title", "phones", "emails",
             "working_languages", "entry_language", "translation_en", "time_zone", "availability",
             "external_ref")
OPERATIONAL_SLUGS = {"cert", "ncsc", "ncsa"}   # e-mail domain slugs of CERT-type bodies


def h(*parts):
    """Stable fraction in [0, 1) from fixed strings (independent of Python's random)."""
    d = hashlib.sha256("\x1f".join(("liaison-demo",) + parts).encode("utf-8")).digest()
    return int.from_bytes(d[:8], "big") / 2 ** 64


def slug(e):
    return e["emails"][0].split("@", 1)[1].split(".", 1)[0]


def nfc(v):
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    if isinstance(v, list):
        return [nfc(x) for x in v]
    if isinstance(v, dict):
        return {k: nfc(x) for k, x in v.items()}
    return v


def read_generator(args):
    if args.input:
        with open(args.input, "rb") as f:
            raw = f.read()
    else:
        cmd = [args.python, args.gen, "--count", str(GEN_COUNT), "--seed", str(GEN_SEED), "--jsonl", "-"]
        try:
            raw = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(f"error: cannot run {' '.join(cmd)}: {exc}\n"
                     "create the venv first (see the header of this script)")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != GEN_SHA256:
        msg = (f"generator output sha256 {digest} != pinned {GEN_SHA256} "
               "(different gen_pocs.py or package versions?)")
        if not args.allow_input_drift:
            sys.exit("error: " + msg + "; pass --allow-input-drift to go on anyway")
        print("warning: " + msg, file=sys.stderr)
    entries = []
    for idx, line in enumerate(raw.decode("utf-8").splitlines()):
        e = json.loads(line)
        e["_idx"] = idx
        entries.append(e)
    return entries


def select(iso2, cands):
    """3-6 entries of one state. Both roles, both kinds, always a technical entity."""
    primary = STATES[iso2][2]
    n = COUNT_OVERRIDE.get(iso2) or 3 + int(h("count", iso2) * 4)  # 3..6

    def first(role, kind):
        pool = [e for e in cands if e["role"] == role and e["kind"] == kind]
        pref = [e for e in pool if e["entry_language"] == primary]
        return (pref or pool)[0]

    combos = [("technical", "entity"), ("diplomatic", "entity"), ("diplomatic", "person"),
              ("technical", "person")]
    if n == 3:  # drop one of the last three; any three of the four still cover both roles and kinds
        del combos[1 + int(h("drop", iso2) * 3)]
    chosen = [first(r, k) for r, k in combos]
    n_en = sum(e["entry_language"] == "en" for e in chosen)
    for e in cands:
        if len(chosen) >= n:
            break
        if e in chosen:
            continue
        if primary != "en" and e["entry_language"] == "en":
            if n_en >= 1:
                continue
            n_en += 1
        chosen.append(e)
    return sorted(chosen, key=lambda e: e["_idx"])


def alter_last2(number, taken):
    """Same number with the last two digits changed (deterministically), not in `taken`."""
    last = int(number[-2:])
    for step in (50, 11, 22, 33, 44, 55, 66, 77, 88, 99):
        cand = number[:-2] + f"{(last + step) % 100:02d}"
        if cand not in taken:
            return cand
    raise AssertionError(number)


def enrich(entries):
    tech = [e for e in entries if e["role"] == "technical"]
    # Exactly round(len/3) technical entries get an emergency number, ranked by a stable hash.
    emergency_ids = {e["id"] for e in sorted(tech, key=lambda e: h("emergency", e["id"]))[:round(len(tech) / 3)]}
    out = []
    for e in entries:
        uid, role, kind = e["id"], e["role"], e["kind"]
        tz = STATES[e["state"]][1]

        # availability
        if role == "technical":
            if kind == "entity":
                avail = "24/7" if slug(e) in OPERATIONAL_SLUGS else "business_hours"
            else:  # staff of a CERT-type body are mostly on call, ministry staff half of the time
                on_call = 0.85 if slug(e) in OPERATIONAL_SLUGS else 0.5
                avail = "24/7" if h("avail", uid) < on_call else "business_hours"
        else:
            avail = "24/7" if kind == "entity" and slug(e) == "nsc" else "business_hours"

        # phones
        plain = list(e["phones"])
        phones = list(plain)
        typed = False
        if len(plain) >= 2:
            if kind == "entity" and h("fax", uid) < 0.8:
                phones[1] = {"number": plain[1], "type": "fax"}
                typed = True
            elif kind == "person" and h("mobile", uid) < 0.5:
                phones[1] = {"number": plain[1], "type": "mobile"}
                typed = True
        if uid in emergency_ids:
            phones.append({"number": alter_last2(plain[0], set(plain)), "type": "emergency"})
            typed = True
        if typed and h("voice", uid) < 0.3:
            phones[0] = {"number": plain[0], "type": "voice"}

        obj = {k: e[k] for k in KEY_ORDER[:12]}
        obj["phones"] = phones
        obj["time_zone"] = tz
        obj["availability"] = avail
        out.append(obj)

    # external_ref: the first technical entity of each listed state, CERT-type bodies first.
    for iso2, (directory, ref_id) in EXTERNAL_REFS.items():
        ents = [o for o in out if o["state"] == iso2 and o["role"] == "technical" and o["kind"] == "entity"]
        ents.sort(key=lambda o: slug(o) not in OPERATIONAL_SLUGS)  # stable
        if ents:
            ents[0]["external_ref"] = {"directory": directory, "id": ref_id}
    return [nfc({k: o[k] for k in KEY_ORDER if k in o}) for o in out]


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def main():
    ap = argparse.ArgumentParser(description="Build Liaison's demo POC data (see the header).")
    ap.add_argument("--python", default=DEFAULT_PYTHON, help="venv python with tools/requirements.txt")
    ap.add_argument("--gen", default=DEFAULT_GEN, help="path of gen_pocs.py")
    ap.add_argument("--input", help=f"saved output of gen_pocs.py --count {GEN_COUNT} --seed {GEN_SEED}")
    ap.add_argument("--allow-input-drift", action="store_true")
    ap.add_argument("-o", "--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    by_state = collections.defaultdict(list)
    for e in read_generator(args):
        by_state[e["state"]].append(e)
    missing = sorted(s for s in STATES if not by_state.get(s))
    if missing:
        sys.exit(f"error: no generator entries for {missing}")

    picked = []
    for iso2 in sorted(STATES):
        picked.extend(select(iso2, by_state[iso2]))
    lines = enrich(picked)
    for o in lines:
        roles = {x["role"] for x in lines if x["state"] == o["state"]}
        kinds = {x["kind"] for x in lines if x["state"] == o["state"]}
        assert roles == {"diplomatic", "technical"} and kinds == {"entity", "person"}, o["state"]
        assert all(m.endswith(".example") for m in o["emails"])

    data = "".join(dumps(o) + "\n" for o in lines).encode("utf-8")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)

    # ---- summary ----
    def count(key):
        return collections.Counter(key(o) for o in lines)

    print(f"wrote {len(lines)} entries, {len(STATES)} states -> {os.path.relpath(args.out)}")
    print(f"sha256 {hashlib.sha256(data).hexdigest()}")
    per_state = count(lambda o: o["state"])
    for g in GROUPS:
        ss = sorted(s for s in STATES if STATES[s][0] == g)
        print(f"  {g} ({len(ss)}): " + " ".join(f"{s}:{per_state[s]}" for s in ss))
    print("entry_language: " + ", ".join(f"{k} {v}" for k, v in sorted(count(lambda o: o["entry_language"]).items())))
    print("role: " + ", ".join(f"{k} {v}" for k, v in sorted(count(lambda o: o["role"]).items())))
    print("kind: " + ", ".join(f"{k} {v}" for k, v in sorted(count(lambda o: o["kind"]).items())))
    print("role x availability: " + ", ".join(f"{r}/{a} {v}" for (r, a), v in
                                              sorted(count(lambda o: (o["role"], o["availability"])).items())))
    non_en = [o for o in lines if o["entry_language"] != "en"]
    print(f"translation_en: {sum(o['translation_en'] is not None for o in non_en)} of {len(non_en)} non-English entries")
    ptypes = collections.Counter(p["type"] if isinstance(p, dict) else "plain" for o in lines for p in o["phones"])
    print("phones: " + ", ".join(f"{k} {v}" for k, v in sorted(ptypes.items())))
    n_tech = sum(o["role"] == "technical" for o in lines)
    n_emerg = sum(any(isinstance(p, dict) and p["type"] == "emergency" for p in o["phones"]) for o in lines)
    print(f"technical entries with an emergency number: {n_emerg} of {n_tech}")
    refs = [f"{o['state']}={o['external_ref']['directory']}:{o['external_ref']['id']}" for o in lines if "external_ref" in o]
    print(f"external_ref ({len(refs)}): " + ", ".join(refs))


if __name__ == "__main__":
    main()
