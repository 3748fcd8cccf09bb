"""Write a synthetic fact base in the fact base's own format (docs/facts-format.md).

    python bench/generate.py --states 10000 [--settlements 10] [--seed 1951] OUT_DIR

The world keeps the real states the rules name (japan, united_states and the Art. 23 list, see
rules/checks.lp) and the four governments the Art. 21 readings name, with the shipped sources and
designations, and adds N synthetic states in a few large `states/*.yaml` files, M synthetic
settlements and Art. 14(a)1 conditions. The mix of profiles follows the shipped base's
proportions (signed and ratified, deposit date only bounded, signed only, at war without signing,
former territory, neutral, unknown and disputed facts). The same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO / "facts"

#: japan, united_states and the Art. 23(a) list (rules/treaty/art_23.lp, rules/checks.lp), and the
#: governments rules/readings/{china,korea}.lp name.
KEEP = ("japan", "united_states", "australia", "canada", "ceylon", "france", "indonesia", "netherlands",
        "new_zealand", "pakistan", "philippines", "united_kingdom", "roc", "prc", "rok", "dprk")
ART23 = ("australia", "canada", "ceylon", "france", "indonesia", "netherlands", "new_zealand",
         "pakistan", "philippines", "united_kingdom", "united_states")

#: profile -> weight (per 100 states), close to the shipped base's mix of 62 states
PROFILES = {
    "allied": 40,             # signed, ratified on a known date, at war
    "allied_window": 15,      # signed, ratified, deposit date only bounded: unknown window
    "signed_only": 5,         # signed, did not ratify
    "non_signatory_war": 12,  # at war, UN Declaration, never signed: Art. 26 branch
    "former_territory": 8,    # formerly part of an Art. 23 state
    "neutral": 10,            # neither signed nor at war
    "unknown_war": 4,         # signed and ratified; at war looked for and not found (OPEN)
    "disputed_war": 5,        # signed and ratified; sources disagree on the declaration of war
    "disputed_deposit": 1,    # two sources, two deposit dates
}
FILES = 4  # "a few large files"


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _claim(value: object, **extra: object) -> dict:
    claim = {"value": value, **{k: v for k, v in extra.items() if v is not None}}
    claim.setdefault("sources", ["SYN"])
    claim.setdefault("tag", "OPEN" if value is None and "after" not in extra else "V")
    return claim


def _state(rng: random.Random, i: int, profile: str) -> dict:
    signed_on = dt.date(1951, 9, 8)
    war = _day(rng, dt.date(1941, 12, 8), dt.date(1945, 8, 14))
    deposit = _day(rng, dt.date(1951, 11, 28), dt.date(1960, 12, 31))
    state: dict = {
        "id": f"syn_{i:06d}",
        "names": {"en": f"Synthland {i}", "ja": f"合成国{i}"},
        "aliases": [f"Synthetic Republic {i}"],
    }
    signs = profile not in ("non_signatory_war", "neutral")
    state["signed"] = _claim(True, date=signed_on) if signs else _claim(False)
    if profile in ("allied", "unknown_war", "disputed_war", "former_territory"):
        state["ratified"] = _claim(True, date=deposit)
    elif profile == "allied_window":
        after = _day(rng, dt.date(1952, 4, 28), dt.date(1960, 1, 1))
        state["ratified"] = _claim(True, after=after, by=after + dt.timedelta(days=rng.randrange(30, 9000)), tag="V-2")
    elif profile == "disputed_deposit":
        state["ratified"] = {"question": f"Which deposit date of Synthland {i} is right?", "options": [
            {"option": "first_list", **_claim(True, date=deposit)},
            {"option": "second_list", **_claim(True, date=deposit + dt.timedelta(days=rng.randrange(1, 400)))}]}
    elif profile == "signed_only":
        state["ratified"] = _claim(False)
    if profile in ("allied", "allied_window", "signed_only", "non_signatory_war", "disputed_deposit"):
        state["at_war"] = _claim(True, date=war)
    elif profile == "unknown_war":
        state["at_war"] = _claim(None)
    elif profile == "disputed_war":
        state["at_war"] = {"question": f"Did Synthland {i} declare war on Japan?", "options": [
            {"option": "declared", **_claim(True, date=war, tag="V-2")},
            {"option": "reported_only", **_claim(None)}]}
    elif profile == "former_territory":
        state["at_war"] = _claim(True, date=war, via="united_kingdom", tag="R")
        state["formerly_part_of"] = _claim(True, of=rng.choice(ART23), tag="analysis")
    else:
        state["at_war"] = _claim(False)
    un = profile in ("allied", "non_signatory_war") or rng.random() < 0.3
    state["un_declaration"] = _claim(True, date=_day(rng, dt.date(1942, 1, 1), dt.date(1945, 3, 1))) if un else _claim(False)
    return state


# -- a YAML emitter for the few shapes above: flow mappings, unquoted dates, JSON strings ---------

def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _state_yaml(state: dict) -> str:
    lines = [f"  - id: {state['id']}"]
    for key, value in state.items():
        if key == "id":
            continue
        if isinstance(value, dict) and "options" in value:  # a dispute: block style, one option a line
            lines.append(f"    {key}:")
            lines.append(f"      question: {_scalar(value['question'])}")
            lines.append("      options:")
            lines.extend(f"        - {_scalar(option)}" for option in value["options"])
        else:
            lines.append(f"    {key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def generate(out: Path, states: int, settlements: int | None = None, seed: int = 1951) -> Path:
    """Write the world into `out` (emptied first) and return it."""
    rng = random.Random(seed)
    settlements = max(10, states // 1000) if settlements is None else settlements
    if out.exists():
        shutil.rmtree(out)
    (out / "states").mkdir(parents=True)
    (out / "conditions").mkdir()
    shutil.copytree(FACTS / "sources", out / "sources")
    shutil.copy(FACTS / "designations.yaml", out / "designations.yaml")
    (out / "sources" / "synthetic.yaml").write_text(
        "schema: treatyrules.facts/1\nsources:\n  - id: SYN\n    title: \"bench/generate.py: synthetic, not a source\"\n",
        encoding="utf-8")
    for ident in KEEP:
        shutil.copy(FACTS / "states" / f"{ident}.yaml", out / "states" / f"{ident}.yaml")

    names, weights = list(PROFILES), list(PROFILES.values())
    profiles = rng.choices(names, weights, k=states)
    generated = [_state(rng, i, p) for i, p in enumerate(profiles, start=1)]
    per_file = -(-states // FILES) if states else 0
    for f in range(FILES):
        chunk = generated[f * per_file:(f + 1) * per_file]
        if chunk:
            text = "schema: treatyrules.facts/1\nstates:\n" + "".join(map(_state_yaml, chunk))
            (out / "states" / f"synthetic_{f + 1}.yaml").write_text(text, encoding="utf-8")

    # Art. 14(a)1: the shipped facts for the states kept, and 60% of the synthetic signatories
    # recorded; the rest stay undetermined, as in the shipped base.
    real = yaml.safe_load((FACTS / "conditions" / "art14a1.yaml").read_text(encoding="utf-8"))
    facts = [f for f in real["facts"] if f["state"] in KEEP]
    for state in generated:
        if state["signed"]["value"] and rng.random() < 0.6:
            facts.append({"state": state["id"], **_claim(rng.random() < 0.3, tag="analysis")})
    (out / "conditions" / "art14a1.yaml").write_text(
        "schema: treatyrules.facts/1\narticle: \"14(a)1\"\ncondition: \"present territories were occupied by "
        "Japanese forces and damaged by Japan\"\nfacts:\n" + "".join(f"  - {_scalar(f)}\n" for f in facts),
        encoding="utf-8")

    lines = ["schema: treatyrules.facts/1", "settlements:"]
    partners = [s["id"] for s in generated] or ["japan"]
    for j in range(1, settlements + 1):
        signed = _day(rng, dt.date(1952, 1, 1), dt.date(1978, 12, 31))
        lines += [f"  - id: syn_settlement_{j:05d}", f"    title: \"Synthetic settlement {j}\"",
                  f"    with_state: {rng.choice(partners)}",
                  f"    kind: {rng.choice(['peace', 'war_claims', 'peace_and_war_claims', 'other'])}",
                  f"    signed: {signed.isoformat()}",
                  f"    in_force: {(signed + dt.timedelta(days=rng.randrange(0, 400))).isoformat()}",
                  "    sources: [SYN]", "    tag: V", "    advantages:"]
        for k in range(rng.randrange(1, 3)):
            greater = rng.choices([False, None, True], [85, 10, 5])[0]
            lines.append(f"      - {{id: syn_advantage_{j:05d}_{k}, description: \"synthetic\", "
                         f"greater_than_treaty: {_scalar(_claim(greater))}}}")
    (out / "settlements.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--states", type=int, default=1000)
    parser.add_argument("--settlements", type=int, default=None, help="default: max(10, states/1000)")
    parser.add_argument("--seed", type=int, default=1951)
    args = parser.parse_args()
    generate(args.out, args.states, args.settlements, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
