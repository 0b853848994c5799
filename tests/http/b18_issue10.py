"""Appendix B18 over HTTP, issue 10's part (b18x): the rows of TABLE10 and
the history rows of TABLE, checked by tests/http/b18.py's check(); imported
by b18.py at its end, so its tests run after b18.py's own."""
import b18 as B
from b18 import ARTEFACTS, PDF, S, base, check, page, seen, sql, test

EARLY_TEXT = B.EARLY_TEXT

# ---- Issue 10's artefacts (b18x): dialogue and archive, observations,
# list of observations (draft, final, confidential item, CRP per working
# group), summary (draft), follow-up, disclosure log; and the changes the
# reviewed State's disclosure choices make (paras 33, 35-41; R86-R103,
# R107-R111, R114-R118; B18; C15, C43, C47; decisions of session 4).
#
# The stages (TABLE10's "when"): "dlg" after submission with a message, an
# observation and a draft list in place, nothing disclosed; "final" the
# list agreed by every party (one item kept confidential); "states" after
# X opens its dialogue and documents to every State party (para 40);
# "public" after X discloses its phase-1 dialogue publicly (para 41);
# "withdrawn" after X withdraws both (back to the participants, R103);
# "agreed" after the list's writes of "final" (they reopen its agreement
# and the summary's, R111), the list agreed again (its CRP back) and a new
# version of the summary agreed by every party, follow-up
# progress communicated; "official" the summary's English version final.
# Columns as TABLE; the thread and items are the Convention's (an
# instrument outside the supplementary reviewer's charge, C47; rexn acts
# for a Protocol only, R20: it reads X's dialogue and list items on that
# Protocol only; rfp2, a focal-point account of X not named for it, reads
# but writes nothing, para 18, neither in the dialogue nor in the summary;
# session 5).

MSG_TEXT = "Message B18 du dialogue sur la Convention"
OBS_TEXT = "Observation B18 sur la reponse"
LIST_TEXT = "Constat B18 : lacune de la legislation"
SECRET_TEXT = "Constat B18 garde confidentiel"
SUM_TEXT = "Resume B18 du premier cycle"
SUM_EN = "B18 summary of the first cycle"

TABLE10 = """
messages       read  api   dlg       V   V    V   403  V    V   V   403 403  403  V    403 401
messages       read  page  dlg       V   V    V   H    V    V   V   H   H    403  V    403 303
messages       write api   dlg       201 403  201 403  403  201 201 403 403  403  201  403 403
msgdoc         read  api   dlg       200 200  200 403  200  200 200 403 403  404  200  404 401
observations   read  page  dlg       V   V    V   H    V    V   V   H   H    403  V    403 303
list           read  page  dlg       V   V    V   H    V    V   V   H   H    403  V    403 303
summary        read  page  dlg       V   V    V   V    V    V   V   V   V    403  V    403 303
disclosures    read  page  dlg       200 200  200 200  200  200 200 200 200  403  200  403 303
observations   read  api   dlg       V   V    V   403  V    V   V   403 403  403  V    403 401
observations   write api   dlg       403 403  403 403  403  201 201 403 403  403  403  403 403
observations   write page  dlg       403 403  403 403  403  303 303 403 403  403  403  403 403
reply          write api   dlg       201 403  201 403  403  403 403 403 403  403  403  403 403
reply          write page  dlg       303 403  303 403  403  403 403 403 403  403  403  403 403
messages       write page  dlg       303 403  303 403  403  303 303 403 403  403  303  403 403
list           write page  dlg       403 403  403 403  403  303 303 403 403  403  303  403 403
summary        write page  dlg       303 403  303 303  403  303 303 303 303  403  303  403 403
disclosures    write page  dlg       303 403  403 403  403  403 403 403 403  403  403  403 403
list           read  api   dlg       V   V    V   H    V    V   V   H   H    403  V    403 401
list           write api   dlg       403 403  403 403  403  200 200 403 403  403  200  403 403
crp            read  api   dlg       403 403  403 403  403  403 403 403 403  403  403  403 401
summary        read  api   dlg       V   V    V   V    V    V   V   V   V    403  V    403 401
disclosures    read  api   dlg       200 200  200 200  200  200 200 200 200  403  200  403 401
disclosures    write api   dlg       201 403  403 403  403  403 403 403 403  403  403  403 403
crp            read  api   final     V   V    V   V    V    V   V   V   V    V    V    403 401
crpta          read  api   final     V   V    V   V    V    V   V   V   V    V    V    403 401
crp            read  page  final     V   V    V   V    V    V   V   V   V    V    V    403 303
followup       read  page  final     200 200  200 200  200  403 403 403 403  403  200  403 303
followup       read  api   final     200 200  200 200  200  403 403 403 403  403  200  403 401
list           read  api   final     V   V    V   H    V    V   V   H   H    403  V    403 401
list           write api   final     403 403  403 403  403  200 200 403 403  403  200  403 403
summary        read  api   agreed    V   V    V   V    V    V   V   V   V    V    V    403 401
summarypdf     read  api   agreed    200 200  200 200  200  200 200 200 200  200  200  403 401
followup       read  api   agreed    200 200  200 200  200  200 200 200 200  200  200  403 401
summaryen      read  api   official  V   V    V   V    V    V   V   V   V    V    V    V   V
summaryen      read  page  official  V   V    V   V    V    V   V   V   V    V    V    V   V
summaryenpdf   read  api   official  200 200  200 200  200  200 200 200 200  200  200  200 200
summary        read  api   official  V   V    V   V    V    V   V   V   V    V    V    403 401
summary        write page  official  409 403  409 409  403  409 409 409 409  403  409  403 403
crp            read  api   agreed    200 200  200 200  200  200 200 200 200  200  200  403 401
messages       read  api   states    V   V    V   V    V    V   V   V   V    V    V    403 401
messages       read  page  states    V   V    V   V    V    V   V   V   V    V    V    403 303
msgdoc         read  api   states    200 200  200 200  200  200 200 200 200  200  200  404 401
observations   read  page  states    V   V    V   V    V    V   V   V   V    V    V    403 303
messages       write api   states    201 403  201 403  403  201 201 403 403  403  201  403 403
observations   read  api   states    V   V    V   V    V    V   V   V   V    V    V    403 401
observations   write api   states    403 403  403 403  403  201 201 403 403  403  403  403 403
messages       read  api   public    V   V    V   V    V    V   V   V   V    V    V    V   401
public         read  page  public    V   V    V   V    V    V   V   V   V    V    V    V   V
pubdoc         read  page  public    200 200  200 200  200  200 200 200 200  200  200  200 200
msgdoc         read  api   public    200 200  200 200  200  200 200 200 200  200  200  200 401
msgdoc         read  api   withdrawn 200 200  200 403  200  200 200 403 403  404  200  404 401
public         read  page  withdrawn H   H    H   H    H    H   H   H   H    H    H    H   H
pubdoc         read  page  withdrawn 200 200  200 200  200  200 200 200 200  403  200  403 403
disclosures    read  api   public    200 200  200 200  200  200 200 200 200  403  200  403 401
messages       read  api   withdrawn V   V    V   403  V    V   V   403 403  403  V    403 401
observations   read  api   withdrawn V   V    V   403  V    V   V   403 403  403  V    403 401
"""

# After submission, an answer's history: the earlier drafts for the
# reviewed State and the Secretariat, the submitted version only for the
# others (B18, decisions of session 4).  F23 (probe s8, B18 "on request
# (support)"): the Secretariat's cells are H since it reads drafts, the
# earlier versions too, only while the reviewed State asks its support (none
# here; they were V with no request recorded).
TABLE_HISTORY = """
history        read  page  after     V   V    V   V    V    H   H   H   H    H    H    403 303
history        read  api   after     V   V    V   V    V    H   H   H   H    H    H    403 401
"""


def msgs():
    return base() + "/messages?instrument=untoc"


def list_json():
    return S["who"]["sec"].get(base() + "/list").json()


ARTEFACTS.update({
    "history": {
        "read": {"page": lambda: page() + "/" + S["q"] + "/history",
                 "api": lambda: base() + "/responses/" + S["q"]},
        "marker": seen(lambda: EARLY_TEXT),
    },
    "messages": {
        "read": {"api": msgs, "page": lambda: "/reviews/%s/phases/1/dialogue" % S["X"]},
        "marker": seen(lambda: MSG_TEXT),
        "write": {"api": lambda: ("POST", base() + "/messages",
                                  {"instrument": "untoc", "kind": "message",
                                   "title": "Objet B18", "text": MSG_TEXT + " (suite)"}, None),
                  "page": lambda: ("POST", "/reviews/%s/phases/1/dialogue" % S["X"],
                                   {"instrument": "untoc", "kind": "message",
                                    "title": "Objet B18", "text": MSG_TEXT + " (page)"}, None)},
    },
    # The reviewed State's reply to an observation (para 35).
    "reply": {
        "write": {"api": lambda: ("POST", base() + "/observations",
                                  {"type": "reply", "reply_to": S["obs"],
                                   "text": "Reponse B18"}, None),
                  "page": lambda: ("POST", "/reviews/%s/phases/1/observations" % S["X"],
                                   {"type": "reply", "reply_to": str(S["obs"]),
                                    "text": "Reponse B18 (page)"}, None)},
    },
    "observations": {
        "read": {"api": lambda: base() + "/observations?instrument=untoc",
                 "page": lambda: "/reviews/%s/phases/1/observations" % S["X"]},
        "marker": seen(lambda: OBS_TEXT),
        "write": {"api": lambda: ("POST", base() + "/observations",
                                  {"question": S["q"], "type": "comment",
                                   "text": OBS_TEXT + " (bis)"}, None),
                  "page": lambda: ("POST", "/reviews/%s/phases/1/observations" % S["X"],
                                   {"question": S["q"], "type": "comment",
                                    "text": OBS_TEXT + " (page)"}, None)},
    },
    "list": {
        "read": {"api": lambda: base() + "/list",
                 "page": lambda: "/reviews/%s/phases/1/list" % S["X"]},
        "marker": seen(lambda: LIST_TEXT),
        "write": {"api": lambda: ("PUT", base() + "/list",
                                  {"base_version": list_json()["version"],
                                   "items": [dict((k, i[k]) for k in
                                                  ("instrument", "article", "type", "text"))
                                             for i in list_json()["items"]]}, None),
                  "page": lambda: ("POST", "/reviews/%s/phases/1/list/items" % S["X"],
                                   {"base_version": str(list_json()["current_version"]),
                                    "instrument": "untoc", "article": "5", "type": "gap",
                                    "text": "Constat B18 par la page"}, None)},
    },
    # The CRP of the working group on implementation: the list's items
    # without the confidential one (R109, R191).
    "crp": {
        "read": {"api": lambda: base() + "/list/crp/wg_ic",
                 "page": lambda: "/reviews/%s/phases/1/list/crp/wg_ic" % S["X"]},
        "marker": lambda r: LIST_TEXT in r.text and SECRET_TEXT not in r.text,
    },
    "summary": {"read": {"api": lambda: base() + "/summary/fr",
                         "page": lambda: "/reviews/%s/phases/1/summary/fr" % S["X"]},
                "marker": seen(lambda: SUM_TEXT),
                "write": {"page": lambda: ("POST", "/reviews/%s/phases/1/summary/fr" % S["X"],
                                           {"action": "save", "text": SUM_TEXT,
                                            "base": str(S["who"]["sec"].get(
                                                base() + "/summary/fr").json()["version"])},
                                           None)}},
    "summarypdf": {"read": {"api": lambda: base() + "/summary/fr/pdf"}},
    # The English version, final (R145): an official document (B18).
    "summaryen": {"read": {"api": lambda: base() + "/summary/en",
                           "page": lambda: "/reviews/%s/phases/1/summary/en" % S["X"]},
                  "marker": seen(lambda: SUM_EN)},
    "summaryenpdf": {"read": {"api": lambda: base() + "/summary/en/pdf"}},
    "crpta": {
        "read": {"api": lambda: base() + "/list/crp/wg_ta"},
        "marker": lambda r: LIST_TEXT in r.text and SECRET_TEXT not in r.text,
    },
    # A document sent in the Convention's thread (supplementary
    # documentation of the dialogue, R94).
    # F8 (t-fix item 2): oth and ngo, who may not read the review, get the
    # answer of a missing item (404) where they got 403 (dlg, withdrawn;
    # ngo in states too).
    "msgdoc": {"read": {"api": lambda: base() + "/messages/%d" % S["msgdoc"]}},
    # The public part of the review (paras 37, 41): the dialogue X
    # disclosed publicly is read there, by anyone.
    "public": {"read": {"page": lambda: "/reviews/%s/disclosed" % S["X"]},
               "marker": seen(lambda: MSG_TEXT)},
    # A document of an answer on the public part of the review (para 41).
    "pubdoc": {"read": {"page": lambda: "/reviews/%s/disclosed/documents/%s" % (S["X"],
                                                                              S["doc"])}},
    "followup": {"read": {"api": lambda: base() + "/followup",
                          "page": lambda: "/reviews/%s/phases/1/followup" % S["X"]}},
    "disclosures": {
        "read": {"api": lambda: "/api/v1/reviews/%s/disclosures" % S["X"],
                 "page": lambda: "/country/%s/disclosures" % S["X"]},
        "write": {"api": lambda: ("POST", "/api/v1/reviews/%s/disclosures" % S["X"],
                                  # disc3 (F6): a withdrawal of nothing is refused now;
                                  # a portal request opens nothing by itself (R98).
                                  {"what": "documents", "choice": "portal", "phase": 1},
                                  None),
                  "page": lambda: ("POST", "/country/%s/disclosures" % S["X"],
                                   {"what": "documents", "choice": "portal", "phase": "1",
                                    "instrument": "", "confirm": "1"}, None)},
    },
})

B.TABLE += TABLE_HISTORY


def snapshot10():
    """What a refused write of TABLE10 might have touched."""
    x = S["X"]
    return sql("SELECT (SELECT COUNT(*) FROM archive_records WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM dialogue_observations), "
               "(SELECT COUNT(*) FROM obs_list_versions), "
               "(SELECT COUNT(*) FROM disclosures WHERE reviewed = ?), "
               "(SELECT COUNT(*) FROM summary_versions)", x, x)


def disclose(what, choice):
    r = S["who"]["rfp"].write("POST", "/api/v1/reviews/%s/disclosures" % S["X"],
                              {"what": what, "choice": choice, "phase": 1}, None)
    assert r.status == 201, (what, choice, r.status, r.text[:300])


@test
def b18_issue10_tables():
    """Issue 10's artefacts, every role, after submission and through each
    disclosure choice of the reviewed State (B18, R103): TABLE10."""
    w = S["who"]
    x = S["X"]
    # The reviewing States' focal points named (they agree the list, R111).
    for i, v in enumerate(S["regular"]):
        r = w["sec"].write("POST", "/country/%s/focal-point" % v,
                           {"action": "name", "email": S["mail"][f"vfp{i}"]}, None)
        assert r.status == 303, (v, r.status, r.text[:300])
    r = w["sec"].write("POST", "/country/%s/focal-point" % S["sup"],
                       {"action": "name", "email": S["mail"]["sfp"]}, None)
    assert r.status == 303, (r.status, r.text[:300])
    r = w["rex"].write("POST", base() + "/messages", {"instrument": "untoc", "kind": "message",
                                                     "title": "Objet B18", "text": MSG_TEXT},
                       None)
    assert r.status == 201, (r.status, r.text[:300])
    r = w["rex"].write("POST", base() + "/messages/attachments?instrument=untoc&filename=b18.pdf",
                       PDF, "application/octet-stream")
    assert r.status == 201, (r.status, r.text[:300])
    S["msgdoc"] = r.json()["id"]
    r = w["vfp0"].write("POST", base() + "/observations",
                        {"question": S["q"], "type": "comment", "text": OBS_TEXT}, None)
    assert r.status == 201, (r.status, r.text[:300])
    S["obs"] = r.json()["id"]
    items = [{"instrument": "untoc", "article": 5, "type": "gap", "text": LIST_TEXT},
             {"instrument": "untoc", "article": 5, "type": "gap", "text": SECRET_TEXT}]
    r = w["vfp0"].write("PUT", base() + "/list", {"base_version": 0, "items": items}, None)
    assert r.status == 200, (r.status, r.text[:300])
    r = w["vfp0"].write("PUT", base() + "/summary/fr", {"text": SUM_TEXT, "base": 0}, None)
    assert r.status == 200, (r.status, r.text[:300])
    bad = check10("dlg")
    # The list final: one item kept confidential by X (R102), then every
    # party agrees through its named focal point (R111).
    secret = next(i for i in list_json()["items"] if i["text"] == SECRET_TEXT)
    r = w["rfp"].write("POST", base() + "/list/confidential",
                       {"key": secret["key"], "confidential": True}, None)
    assert r.status == 200, (r.status, r.text[:300])
    v = list_json()["version"]
    for k in ["rfp", "sfp"] + [f"vfp{i}" for i in range(len(S["regular"]))]:
        r = w[k].write("POST", base() + "/list/agree", {"version": v}, None)
        assert r.status == 200, (k, r.status, r.text[:300])
    assert list_json()["final"] is True
    # The summary agreed by every party (para 39, R111) while the list is
    # final (para 38: a summary of the final list; issue 10 sigkey: refused
    # before), then the list's writes of "final" reopen the list and the
    # summary (h-summary2); then its English version final (R145); the follow-up
    # progress communicated (para 46).
    v = w["sec"].get(base() + "/summary/fr").json()["version"]
    for k in ["rfp", "sfp"] + [f"vfp{i}" for i in range(len(S["regular"]))]:
        r = w[k].write("POST", base() + "/summary/agree", {"version": v}, None)
        assert r.status == 200, (k, r.status, r.text[:300])
    bad += check10("final")
    # h-summary2 (para 38-39, R111): the list's writes of "final" reopened
    # the list, so the summary's agreement too; once the list is final
    # again the agreed version cannot be agreed again (409 reagree,
    # nothing written): a new version, agreed by every party.
    js = w["sec"].get(base() + "/summary/fr").json()
    assert js["agreed"] is False, js
    lv = list_json()["version"]
    for k in ["rfp", "sfp"] + [f"vfp{i}" for i in range(len(S["regular"]))]:
        r = w[k].write("POST", base() + "/list/agree", {"version": lv}, None)
        assert r.status == 200, (k, r.status, r.text[:300])
    assert w["sec"].get(base() + "/summary/fr").json()["agreed"] is False
    pg = w["rfp"].get("/reviews/%s/phases/1/summary/fr" % x)
    assert pg.status == 200 and 'id="summary-stale"' in pg.text, (pg.status, pg.text[:300])
    r = w["rfp"].write("POST", base() + "/summary/agree", {"version": v}, None)
    assert r.status == 409 and r.json()["error"] == "reagree", (r.status, r.text[:300])
    r = w["vfp0"].write("PUT", base() + "/summary/fr", {"text": SUM_TEXT, "base": v}, None)
    assert r.status == 200, (r.status, r.text[:300])
    v = r.json()["version"]
    for k in ["rfp", "sfp"] + [f"vfp{i}" for i in range(len(S["regular"]))]:
        r = w[k].write("POST", base() + "/summary/agree", {"version": v}, None)
        assert r.status == 200 and r.json()["version"] == v, (k, r.status, r.text[:300])
    assert r.json()["agreed"] is True, r.text[:300]
    r = w["rfp"].write("POST", base() + "/followup/reports",
                       {"body": "Progres B18 communiques", "communicated": True}, None)
    assert r.status == 200, (r.status, r.text[:300])
    bad += check10("agreed")
    r = w["sec"].write("POST", base() + "/summary/en/status", {"status": "requested"}, None)
    assert r.status == 200, r.text[:300]
    r = w["sec"].write("PUT", base() + "/summary/en", {"text": SUM_EN, "base": 0}, None)
    assert r.status == 200, r.text[:300]
    for st in ("revised", "final"):
        r = w["sec"].write("POST", base() + "/summary/en/status", {"status": st}, None)
        assert r.status == 200, (st, r.text[:300])
    bad += check10("official")
    # F18 (h-summary2): the official summary is not changed nor withdrawn
    # by one State's edit or the Secretariat's status step (409 official,
    # the text sent back); it stays public.
    r = w["vfp0"].write("PUT", base() + "/summary/fr", {"text": "Autre texte", "base": v}, None)
    assert r.status == 409 and r.json()["error"] == "official", (r.status, r.text[:300])
    assert r.json()["yours"] == "Autre texte", r.text[:300]
    r = w["sec"].write("POST", base() + "/summary/en/status", {"status": "revised"}, None)
    assert r.status == 409 and r.json()["error"] == "official", (r.status, r.text[:300])
    r = w["sec"].write("PUT", base() + "/summary/en", {"text": "Other", "base": 1}, None)
    assert r.status == 409 and r.json()["error"] == "official", (r.status, r.text[:300])
    pg = w["vfp0"].get("/reviews/%s/phases/1/summary/fr" % x)
    assert pg.status == 200 and 'id="summary-locked"' in pg.text, (pg.status, pg.text[:300])
    assert 'id="summary-stale"' not in pg.text
    anon = w["anon"] if "anon" in w else None
    if anon is not None:
        r = anon.get(base() + "/summary/en")
        assert r.status == 200 and SUM_EN in r.text, (r.status, r.text[:300])
    disclose("dialogue", "states")
    disclose("documents", "states")
    bad += check10("states")
    disclose("dialogue", "public")
    disclose("documents", "public")
    bad += check10("public")
    disclose("dialogue", "withdraw")
    disclose("documents", "withdraw")
    bad += check10("withdrawn")
    assert not bad, "\n".join(map(str, bad))
    log = w["rob"].get("/api/v1/reviews/%s/disclosures" % x).json()["disclosures"]
    assert all(e["by"] == S["mail"]["rfp"] and e["at"] for e in log), log  # R103


def check10(when):
    """b18.check() over TABLE10 for when; refused writes change nothing
    (snapshot10)."""
    saved, saved_snap = B.TABLE, B.snapshot
    B.TABLE, B.snapshot = TABLE10, snapshot10
    try:
        return check(when)
    finally:
        B.TABLE, B.snapshot = saved, saved_snap


@test
def b18_f8_uniform_not_found():
    """Probe F8 (t-fix item 2, HotCRP's rule): to an actor who may not read
    the review (another State party's focal point, a stakeholder), an item
    of its dialogue it may not read is answered exactly as one that does
    not exist: 404 "not_found", the same body, over the API and the
    public part's document link; its write of a
    reply naming an existing or a missing observation is one 403.  Who
    reads the review but not the thread (rexn, C47) knows the item exists:
    still 403.  The refusals are audited all the same.  Runs at the end of
    b18_issue10_tables (X's dialogue back to its participants)."""
    w = S["who"]
    missing = 10 ** 9
    bad = []
    for role in ("oth", "ngo"):
        path = "%s/messages/%%d" % base()
        r1, r2 = w[role].get(path % S["msgdoc"]), w[role].get(path % missing)
        if not (r1.status == r2.status == 404 and r1.json() == r2.json()):
            bad.append((role, path, r1.status, r1.text[:200], r2.status, r2.text[:200]))
        page = "/reviews/%s/disclosed/dialogue/%%d" % S["X"]
        r1, r2 = w[role].get(page % S["msgdoc"]), w[role].get(page % missing)
        if not (r1.status == r2.status == 404):
            bad.append((role, page, r1.status, r2.status))
        r1 = w[role].write("POST", base() + "/observations",
                           {"type": "reply", "reply_to": S["obs"], "text": "F8"}, None)
        r2 = w[role].write("POST", base() + "/observations",
                           {"type": "reply", "reply_to": missing, "text": "F8"}, None)
        if not (r1.status == r2.status == 403 and r1.json() == r2.json()):
            bad.append((role, "reply", r1.status, r1.text[:200], r2.status, r2.text[:200]))
    r1 = w["rexn"].get(base() + "/messages/%d" % S["msgdoc"])
    r2 = w["rexn"].get(base() + "/messages/%d" % missing)
    if not (r1.status == 403 and r2.status == 404):
        bad.append(("rexn", r1.status, r2.status))
    assert not bad, bad
    lines = [ln for ln in R_audit() if "access.denied" in ln and S["mail"]["oth"] in ln and
             "/messages/%d" % S["msgdoc"] in ln]
    assert lines, "the hidden refusal is audited"


def R_audit():
    return B.R["audit_lines"]()


@test
def b18_yes_no_partly_translated():
    """The questionnaire page shows a yes/no/partly answer in the page's
    language, not its code (b18x)."""
    r = S["who"]["rex"].get(page() + "?lang=fr")
    S["who"]["rex"].get("/account?lang=en")
    assert r.status == 200
    assert S.get("partly"), "no yes/no/partly question answered"
    i = r.text.index('id="%s"' % S["partly"])
    cur = r.text[i:r.text.index("</div>", i)]
    assert "En partie" in cur and ">partly " not in cur, cur[:400]

# disc (issue 10, R98, R101, R104, R118): item-level disclosure, the portal
# selection, progress reports public: tests/http/b18_disc.py, after the above.
__import__("b18_disc")
