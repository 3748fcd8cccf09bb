"""`treatyrules territory`: what Arts. 2 and 3 did with each place, and who takes the benefit.

A case table for every place the Treaty names; the issue's done-when cases through the CLI; dated
cases for Art. 3 and the later instruments; and the seed's four disputes (Taiwan, the Kurils,
Dokdo, the Senkakus) as golden files compared byte for byte with the plain text output.
Regenerate the golden files with `UPDATE_GOLDEN=1 pytest tests/test_territory.py`, then read them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatyrules import session, territory
from treatyrules.cli import app

GOLDEN = Path(__file__).parent / "golden" / "territory"
TODAY = "2024-01-01"
runner = CliRunner()


@functools.lru_cache(maxsize=16)
def _session(as_of: str, readings: tuple[tuple[str, str], ...] = ()) -> session.Session:
    return session.Session.open(None, dt.date.fromisoformat(as_of), dict(readings))


def ask(name: str, as_of: str = TODAY, **readings: str) -> territory.TerritoryAnswer:
    query = _session(as_of, tuple(sorted(readings.items())))
    return territory.territory(query.world, territory.find_place(query.facts, name), name)


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def disposed(answer: territory.TerritoryAnswer) -> set[tuple[str, str, str]]:
    return {(d.article, d.how, d.holds) for d in answer.dispositions}


def takers(answer: territory.TerritoryAnswer, article: str, holds: str = "all") -> dict[str, str]:
    return {b.party.id: b.basis for b in answer.benefits if b.article == article and b.takes and b.holds == holds}


def refused(answer: territory.TerritoryAnswer, article: str, holds: str = "all") -> dict[str, str]:
    return {b.party.id: b.basis for b in answer.benefits if b.article == article and not b.takes and b.holds == holds}


# -- every place the Treaty names ---------------------------------------------------------------

NAMED = [
    # (asked as, place id, paragraph, what the paragraph does)
    ("Korea", "korea_territory", "2(a)", "renounced"),
    ("Jeju", "quelpart", "2(a)", "renounced"),
    ("Geomundo", "port_hamilton", "2(a)", "renounced"),
    ("Ulleungdo", "dagelet", "2(a)", "renounced"),
    ("Formosa", "formosa", "2(b)", "renounced"),
    ("Penghu", "pescadores", "2(b)", "renounced"),
    ("千島列島", "kurile_islands", "2(c)", "renounced"),
    ("Karafuto", "south_sakhalin", "2(c)", "renounced"),
    ("南洋群島", "pacific_mandate", "2(d)", "renounced"),
    ("Antarctica", "antarctic", "2(e)", "renounced"),
    ("南沙群島", "spratly_islands", "2(f)", "renounced"),
    ("Paracels", "paracel_islands", "2(f)", "renounced"),
    ("Nansei Shoto", "nansei_shoto", "3", "administered"),
    ("Okinawa", "ryukyu_islands", "3", "administered"),
    ("大東諸島", "daito_islands", "3", "administered"),
    ("Nanpo Shoto", "nanpo_shoto", "3", "administered"),
    ("Ogasawara", "bonin_islands", "3", "administered"),
    ("Nishinoshima", "rosario_island", "3", "administered"),
    ("Kazan Retto", "volcano_islands", "3", "administered"),
    ("Okinotorishima", "parece_vela", "3", "administered"),
    ("Minamitorishima", "marcus_island", "3", "administered"),
]


@pytest.mark.parametrize("asked, ident, article, does", NAMED, ids=[n[1] for n in NAMED])
def test_named_place(asked: str, ident: str, article: str, does: str) -> None:
    answer = ask(asked, "1960-01-01")
    assert answer.place.id == ident
    assert answer.named_in_treaty == [article]
    assert disposed(answer) >= {(article, "named", "all")}
    assert answer.not_disposed is None
    (para,) = [p for p in answer.paragraphs if p.article == article]
    assert para.recipient_named is False
    assert para.text and answer.place.name in para.names
    if does == "renounced":
        assert para.renounces and "no recipient named" in para.recipient_note
        assert answer.art3 is None
    else:
        assert para.renounces == [] and para.grants and para.undertakes
        assert answer.art3 is not None and answer.art3.us_right is not None and answer.art3.us_right.holds == "all"


def test_every_named_place_is_in_the_table() -> None:
    query = _session(TODAY)
    named = {str(a.arguments[1]) for a in query.world.base.cautious if a.match("names_place", 2)}
    assert named == {n[1] for n in NAMED}


def test_every_paragraph_is_quoted_word_for_word() -> None:
    quotes = territory.paragraph_quotes()
    assert quotes["2(b)"] == "(b) Japan renounces all right, title and claim to Formosa and the Pescadores."
    assert quotes["2(a)"].startswith("(a) Japan, recognizing the independence of Korea, renounces all right")
    assert quotes["3"].startswith("Japan will concur in any proposal of the United States")
    assert quotes["3"].endswith("including their territorial waters.")
    reference = (Path(__file__).resolve().parents[2] / "shared" / "reference" / "treaty-text.md")
    if reference.is_file():  # the shared reference beside the checkout, where it is laid
        text = reference.read_text(encoding="utf-8")
        for article, quote in quotes.items():
            assert quote in text, f"Art. {article} is not quoted word for word"


# -- the done-when cases, through the CLI -----------------------------------------------


@pytest.mark.parametrize("name", ["Formosa", "Taiwan", "臺灣"])
def test_formosa(name: str) -> None:
    code, out, _ = cli("territory", name, "--as-of", TODAY, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "treatyrules.territory/1"
    assert data["place"]["id"] == "formosa"
    assert data["named_in_treaty"] == ["2(b)"]
    (para,) = data["paragraphs"]
    assert para["article"] == "2(b)" and para["recipient_named"] is False
    benefits = {(b["party"]["id"], b["takes"], b["basis"], b["holds"]) for b in data["benefits"]}
    assert ("korea", True, "21", "all") in benefits
    assert ("france", True, "25", "all") in benefits and ("united_kingdom", True, "25", "all") in benefits
    assert ("china", False, "21", "all") in benefits
    (china,) = [b for b in data["benefits"] if b["party"]["id"] == "china"]
    assert "Arts. 10 and 14(a)2 only" in china["reason"]
    code, out, _ = cli("territory", name, "--as-of", TODAY)
    assert "no recipient named" in out
    assert "China (Art. 21), under every reading: Art. 21 names China for the benefits of Arts. 10 and 14(a)2 only" in out


def test_kurile_islands() -> None:
    code, out, _ = cli("territory", "Kurile Islands", "--as-of", TODAY)
    assert code == 0
    assert "Named in the Treaty: Art. 2(c)" in out
    assert "Soviet Union (Art. 25), under every reading: not an Allied Power: it did not sign the Treaty" in out
    answer = ask("Kurile Islands")
    assert refused(answer, "2(c)")["ussr"] == "25"
    assert "ussr" not in takers(answer, "2(c)") and "ussr" not in takers(answer, "2(c)", "some")
    # which islands "the Kurile Islands" cover is contested: the reading is set out
    assert "kurile_islands_extent" in [r.name for r in answer.readings_that_matter]


@pytest.mark.parametrize("name", ["Dokdo", "竹島", "獨島", "Liancourt Rocks", "Takeshima", "독도"])
def test_dokdo(name: str) -> None:
    code, out, _ = cli("territory", name, "--as-of", TODAY)
    assert code == 0
    assert "Not named in the Treaty" in out
    assert "The nearest paragraph, Art. 2(a), names: Korea; Quelpart; Port Hamilton; Dagelet" in out
    assert '"(a) Japan, recognizing the independence of Korea, renounces all right, title and claim to Korea, ' \
           'including the islands of Quelpart, Port Hamilton and Dagelet."' in out
    answer = ask(name)
    assert answer.place.id == "liancourt_rocks" and answer.named_in_treaty == []
    assert disposed(answer) == {("2(a)", "part_of", "some")}
    (d,) = answer.dispositions
    assert d.under == [["takeshima_dokdo=korea"]]
    assert answer.not_disposed is not None and answer.not_disposed.under == [["takeshima_dokdo=not_renounced"]]
    (reading,) = [r for r in answer.readings_that_matter if r.name == "takeshima_dokdo"]
    authorities = {o.option: o.authority for o in reading.options}
    assert "ROK-DOKDO-FAQ" in authorities["korea"] and "MOFA-TAKESHIMA" in authorities["not_renounced"]


def test_senkaku() -> None:
    code, out, _ = cli("territory", "Senkaku", "--as-of", TODAY)
    assert code == 0
    assert "Not named in the Treaty: neither Art. 2 nor Art. 3 names it." in out
    answer = ask("Senkaku")
    assert answer.named_in_treaty == []
    assert disposed(answer) == {("2(b)", "part_of", "some"), ("3", "part_of", "some")}
    under = {d.article: d.under for d in answer.dispositions}
    assert under == {"2(b)": [["senkaku_diaoyu=formosa"]], "3": [["senkaku_diaoyu=nansei_shoto"]]}
    assert answer.not_disposed is None
    assert "only under senkaku_diaoyu=formosa" in out and "only under senkaku_diaoyu=nansei_shoto" in out
    (reading,) = [r for r in answer.readings_that_matter if r.name == "senkaku_diaoyu"]
    authorities = {o.option: o.authority for o in reading.options}
    assert "MOFA-SENKAKU" in authorities["nansei_shoto"]
    assert "PRC-MFA-1971" in authorities["formosa"] and "ROC-MOFA-2015" in authorities["formosa"]
    # returned in 1971 (in force 1972), outside the Treaty, and only where Art. 3 applied
    assert [e.id for e in answer.later_events] == ["okinawa_1971"]
    assert "Later events, outside this Treaty:" in out
    (r,) = answer.art3.relinquished
    assert (r.instrument, r.in_force, r.under) == ("okinawa_1971", dt.date(1972, 5, 15), [["senkaku_diaoyu=nansei_shoto"]])


@pytest.mark.parametrize("names", [("Diaoyu", "釣魚臺", "尖閣諸島", "钓鱼岛", "Diaoyutai")])
def test_senkaku_names(names: tuple[str, ...]) -> None:
    for name in names:
        assert territory.find_place(_session(TODAY).facts, name).id == "senkaku_islands"


# -- more cases ----------------------------------------------------------------------------------


def test_fixed_reading_settles_the_disposition() -> None:
    answer = ask("Senkaku", senkaku_diaoyu="formosa")
    assert disposed(answer) == {("2(b)", "part_of", "all")}
    assert answer.art3 is None
    answer = ask("Dokdo", takeshima_dokdo="not_renounced")
    assert disposed(answer) == set() and answer.not_disposed.holds == "all"
    assert [p.article for p in answer.nearest] == ["2(a)"]


def test_korean_governments_take_the_benefit_under_the_korea_reading() -> None:
    answer = ask("Korea")
    assert answer.place.id == "korea_territory"
    some = {b.party.id: b.under for b in answer.benefits if b.article == "2(a)" and b.takes and b.holds == "some"}
    assert some["rok"] == [["korea=both"], ["korea=rok"]]
    assert some["dprk"] == [["korea=both"], ["korea=dprk"]]
    assert refused(answer, "2(a)")["roc"] == "25" and refused(answer, "2(a)")["prc"] == "25"


def test_the_place_korea_is_not_the_designation() -> None:
    code, out, _ = cli("territory", "Korea", "--as-of", TODAY)
    assert code == 0 and out.startswith("Korea (朝鮮, 朝鲜, 한국)") and "Named in the Treaty: Art. 2(a)" in out
    code, out, _ = cli("entitled", "--state", "Korea", "--as-of", TODAY)
    assert code == 0 and "Korea (designation in Art. 21)" in out
    code, _, err = cli("territory", "Republic of Korea", "--as-of", TODAY)
    assert code == 2 and "no place named" in err


def test_before_the_treaty_came_into_force() -> None:
    answer = ask("Formosa", "1951-12-01")
    assert takers(answer, "2(b)") == {} and takers(answer, "2(b)", "some") == {}
    assert refused(answer, "2(b)")["korea"] == "23(a)"
    assert refused(answer, "2(b)")["france"] == "25"
    assert answer.paragraphs[0].in_effect_from is None
    # France had deposited on 18 April 1952, ten days before the Treaty came into force
    assert refused(ask("Formosa", "1952-04-20"), "2(b)")["france"] == "23"
    assert takers(ask("Formosa", "1952-04-28"), "2(b)")["france"] == "25"


@pytest.mark.parametrize("name, as_of, right, relinquished", [
    ("Okinawa", "1960-01-01", "all", []),
    ("Okinawa", "1972-05-14", "all", []),
    ("Okinawa", "1972-05-15", None, ["okinawa_1971"]),
    ("Amami", "1953-12-24", "all", []),
    ("Amami", "1953-12-25", None, ["amami_1953"]),
    ("Amami", TODAY, None, ["amami_1953", "okinawa_1971"]),
    ("Bonin Islands", "1968-06-25", "all", []),
    ("Ogasawara", "1968-06-26", None, ["nanpo_1968"]),
    ("Iwo Jima", "1960-01-01", "all", []),
    ("Iwo Jima", TODAY, None, ["nanpo_1968"]),
    ("Marcus Island", TODAY, None, ["nanpo_1968"]),
    ("Nansei Shoto", TODAY, None, ["okinawa_1971"]),
])
def test_art3_right_of_administration(name: str, as_of: str, right: str | None, relinquished: list[str]) -> None:
    answer = ask(name, as_of)
    assert answer.art3 is not None
    assert (answer.art3.us_right.holds if answer.art3.us_right else None) == right
    assert [r.instrument for r in answer.art3.relinquished] == relinquished
    us = {b.basis for b in answer.benefits if b.article == "3" and b.takes and b.party.id == "united_states"}
    # the right is the paragraph's: the United States holds it while any island is still under it
    assert us == ({"3", "25"} if as_of < "1972-05-15" else {"25"})


def test_art3_benefit() -> None:
    answer = ask("Okinawa", "1960-01-01")
    bases = {(b.party.id, b.basis) for b in answer.benefits if b.article == "3" and b.takes and b.holds == "all"}
    assert ("united_states", "3") in bases and ("united_states", "25") in bases and ("france", "25") in bases
    assert {("korea", "21"), ("china", "21"), ("ussr", "25")} <= set(refused(answer, "3").items())


def test_unnamed_places_inside_named_ones() -> None:
    answer = ask("Iwo Jima", TODAY)
    assert answer.named_in_treaty == []
    assert disposed(answer) == {("3", "part_of", "all")}
    assert {d.part_of for d in answer.dispositions} == {"Volcano Islands", "Nanpo Shoto south of Sofu Gan"}


def test_the_four_islands() -> None:
    answer = ask("北方領土")
    assert answer.place.id == "four_islands" and [m.place for m in answer.members] == [
        "habomai", "shikotan", "kunashiri", "etorofu"]
    by = {m.place: m for m in answer.members}
    assert by["kunashiri"].dispositions[0].under == [["kurile_islands_extent=all_four"],
                                                     ["kurile_islands_extent=etorofu_kunashiri"]]
    assert by["habomai"].dispositions[0].under == [["kurile_islands_extent=all_four"]]
    assert by["habomai"].not_disposed.under == [["kurile_islands_extent=etorofu_kunashiri"], ["kurile_islands_extent=none"]]
    assert [p.article for p in answer.nearest] == ["2(c)"]
    assert [e.id for e in answer.later_events] == ["joint_declaration_1956"]


def test_habomai_later_event_is_outside_the_treaty() -> None:
    code, out, _ = cli("territory", "Habomai", "--as-of", TODAY, "--format", "json")
    data = json.loads(out)
    (event,) = data["later_events"]
    assert event["id"] == "joint_declaration_1956" and event["outside_treaty"] is True
    assert event["label"] == "outside this Treaty" and event["signed"] == "1956-10-19"
    code, out, _ = cli("territory", "Habomai", "--as-of", TODAY)
    assert "Later events, outside this Treaty:" in out and "agrees to transfer to Japan the Habomai" in out


def test_unknown_place_exits_2_with_near_matches() -> None:
    code, out, err = cli("territory", "Taiwn", "--as-of", TODAY)
    assert code == 2 and out == ""
    assert err.strip() == "error: no place named 'Taiwn'; did you mean 'Formosa'?"
    code, _, err = cli("territory", "Atlantis", "--as-of", TODAY)
    assert code == 2 and "no place named 'Atlantis'" in err


def test_bad_reading_exits_2() -> None:
    code, _, err = cli("territory", "Senkaku", "--as-of", TODAY, "--reading", "senkaku_diaoyu=okinawa")
    assert code == 2 and "has no option 'okinawa'" in err


def test_dot() -> None:
    code, out, _ = cli("territory", "Formosa", "--as-of", TODAY, "--format", "dot")
    assert code == 0 and out.startswith("digraph territory {") and out.rstrip().endswith("}")
    assert '"Formosa" -> "Art. 2(b)"' in out and '"Art. 2(b)" -> "Korea" [label="Art. 21"' in out
    assert '"Art. 2(b)" -> "China" [label="no: Art. 21"' in out
    if shutil.which("dot"):
        import subprocess

        assert subprocess.run(["dot", "-Tsvg"], input=out.encode(), capture_output=True).returncode == 0


def test_place_names_never_meet_state_names() -> None:
    query = _session(TODAY)
    places = territory.place_index(query.facts)  # raises if two places share a name
    assert places.find("Korea").id == "korea_territory"
    assert query.names.find("Korea").id == "korea"
    assert not set(query.facts.places) & (set(query.facts.states) | set(query.facts.designations))


def test_entitled_korea_still_works() -> None:
    code, out, _ = cli("entitled", "--state", "Korea", "--as-of", TODAY)
    assert code == 0
    assert "Art. 2       basis Art. 21   all readings" in out


# -- the fact base -------------------------------------------------------------------------------


def _copy_facts(tmp_path: Path) -> Path:
    root = tmp_path / "facts"
    shutil.copytree(session.facts_dir(), root)
    return root


def test_territories_file_is_validated(tmp_path: Path) -> None:
    root = _copy_facts(tmp_path)
    path = root / "territories.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sources: [S7, SEED]", "sources: [S7, NOPE]", 1),
                    encoding="utf-8")
    code, _, err = cli("territory", "Formosa", "--as-of", TODAY, "--facts", str(root))
    assert code == 2 and "source 'NOPE' is not defined" in err and "territories.yaml" in err


def test_later_instrument_must_be_outside_the_treaty(tmp_path: Path) -> None:
    root = _copy_facts(tmp_path)
    path = root / "territories.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    outside_treaty: true", "    outside_treaty: false", 1),
                    encoding="utf-8")
    code, _, err = cli("territory", "Formosa", "--as-of", TODAY, "--facts", str(root))
    assert code == 2 and "outside_treaty" in err


def test_a_fact_base_without_places(tmp_path: Path) -> None:
    root = _copy_facts(tmp_path)
    (root / "territories.yaml").unlink()
    code, _, err = cli("territory", "Formosa", "--as-of", TODAY, "--facts", str(root))
    assert code == 2 and "no places" in err


# -- the seed's four disputes: golden files ------------------------------------------------------

GOLDEN_CASES = {
    "taiwan": ["territory", "Taiwan", "--as-of", TODAY],
    "kurils": ["territory", "Kurile Islands", "--as-of", TODAY],
    "dokdo": ["territory", "Dokdo", "--as-of", TODAY],
    "senkaku": ["territory", "Senkaku", "--as-of", TODAY],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str) -> None:
    code, out, err = cli(*GOLDEN_CASES[name])
    assert code == 0, err
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert out.encode("utf-8") == path.read_bytes()


def test_json_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treatyrules import schemas

    committed = Path(__file__).resolve().parents[1] / "docs" / "schema" / "territory.schema.json"
    schema = json.loads(committed.read_text(encoding="utf-8")) if committed.is_file() else schemas.schema("territory")
    for args in (["Senkaku"], ["北方領土"], ["Okinawa", "--as-of", "1960-01-01"], ["Formosa", "--as-of", "1951-12-01"]):
        if "--as-of" not in args:
            args = [*args, "--as-of", TODAY]
        code, out, _ = cli("territory", *args, "--format", "json")
        assert code == 0
        jsonschema.validate(json.loads(out), schema)
