"""Pages: the public self-check, the co-ordinators' self-referral queue, the partner checklist
and the printable directory. Each view parses input, calls a service, renders or redirects."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.errors import Conflict, PermissionDenied, Refused
from core.forms import domain_errors, form_data, load
from core.models import utcnow
from directory.models import AccessMethod
from directory.themes import Theme
from frontdoors import booklet, partners, selfcheck
from frontdoors.models import ContactRoute, PreferredTime
from frontdoors.schemas import (
    AnswerSchema,
    BookletSchema,
    ContactRequestSchema,
    PartnerPersonSchema,
    PartnerSendSchema,
    PostcodeSchema,
    booklet_args,
    contact_details,
)
from referrals.models import ContactPreference

ACCESS_LABELS = {m.value: m.label for m in AccessMethod}

bp = Blueprint("frontdoors", __name__)

coordinator_only = login_required(Role.COORDINATOR)
provider_only = login_required(Role.PROVIDER)
booklet_makers = login_required(Role.CAPACITY_LEAD, Role.COORDINATOR)
SENT_KEY = "self_check_sent"
HONEYPOT = "leave_blank"


# -- Public self-check -------------------------------------------------------------------------


@bp.get("/self-check")
def self_check_start() -> str:
    return render_template("frontdoors/start.html", first=selfcheck.THEMES[0])


@bp.route("/self-check/questions/<theme>", methods=["GET", "POST"])
def self_check_question(theme: str) -> Any:
    try:
        current = Theme(theme)
    except ValueError:
        return redirect(url_for("frontdoors.self_check_start"))
    check = selfcheck.SelfCheck.from_session(session)
    errors: dict[str, Any] = {}
    values = {"answer": check.answers.get(current.value)}
    if request.method == "POST":
        data, errors = load(AnswerSchema(), form_data(request.form))
        if errors:
            values = request.form
        else:
            check.answers[current.value] = data["answer"]
            check.save(session)
            following = selfcheck.theme_after(current)
            if following is None:
                return redirect(url_for("frontdoors.self_check_postcode"))
            return redirect(url_for("frontdoors.self_check_question", theme=following.value))
    previous = selfcheck.theme_before(current)
    back = (
        url_for("frontdoors.self_check_question", theme=previous.value)
        if previous
        else url_for("frontdoors.self_check_start")
    )
    heading, question = selfcheck.QUESTIONS[current]
    return render_template(
        "frontdoors/question.html",
        theme=current,
        heading=heading,
        question=question,
        number=selfcheck.THEMES.index(current) + 1,
        total=len(selfcheck.THEMES),
        options=selfcheck.ANSWER_OPTIONS,
        values=values,
        errors=errors,
        back=back,
    ), (400 if errors else 200)


@bp.route("/self-check/postcode", methods=["GET", "POST"])
def self_check_postcode() -> Any:
    check = selfcheck.SelfCheck.from_session(session)
    errors: dict[str, Any] = {}
    values: Any = {"postcode": check.postcode, "age": check.age}
    if request.method == "POST":
        data, errors = load(PostcodeSchema(), form_data(request.form))
        if not errors:
            try:
                check.postcode = selfcheck.check_postcode(data["postcode"])
            except Refused as refusal:
                errors = domain_errors(refusal)
        if errors:
            values = request.form
        else:
            check.age = data["age"]
            selfcheck.count_demand(check, utcnow().date())
            check.save(session)
            return redirect(url_for("frontdoors.self_check_report"))
    return render_template(
        "frontdoors/postcode.html",
        values=values,
        errors=errors,
        back=url_for("frontdoors.self_check_question", theme=selfcheck.THEMES[-1].value),
    ), (400 if errors else 200)


@bp.get("/self-check/report")
def self_check_report() -> Any:
    check = selfcheck.SelfCheck.from_session(session)
    if not check.answers:
        return redirect(url_for("frontdoors.self_check_start"))
    if not check.postcode:
        return redirect(url_for("frontdoors.self_check_postcode"))
    reports = selfcheck.build_report(check, int(current_app.config["SELF_CHECK_RESULTS_PER_THEME"]))
    return render_template(
        "frontdoors/report.html",
        check=check,
        reports=reports,
        questions=selfcheck.QUESTIONS,
        answers=dict(selfcheck.ANSWER_OPTIONS),
        today=utcnow().date(),
        large_print=request.args.get("large") == "1",
        access_labels=ACCESS_LABELS,
    )


@bp.post("/self-check/start-again")
def self_check_start_again() -> Response:
    selfcheck.forget(session)
    session.pop(SENT_KEY, None)
    return redirect(url_for("frontdoors.self_check_start"))


@bp.route("/self-check/contact", methods=["GET", "POST"])
def self_check_contact() -> Any:
    check = selfcheck.SelfCheck.from_session(session)
    if not check.answers:
        return redirect(url_for("frontdoors.self_check_start"))
    errors: dict[str, Any] = {}
    values: Any = {}
    if request.method == "POST":
        ip = request.remote_addr or "unknown"
        if request.form.get(HONEYPOT):
            # A bot filled the hidden field: count it, keep nothing, and look the same.
            selfcheck.note_attempt(ip)
            return _sent(ContactRoute.PHONE, PreferredTime.ANY)
        data, errors = load(ContactRequestSchema(), form_data(request.form))
        if errors:
            values = request.form
        else:
            made = selfcheck.request_contact(check, contact_details(data), ip)
            return _sent(made.contact_route, made.preferred_time, made.team.name)
    return render_template(
        "frontdoors/contact.html",
        check=check,
        values=values,
        errors=errors,
        route_options=ContactRoute.choices(),
        time_options=PreferredTime.choices(),
        honeypot=HONEYPOT,
    ), (400 if errors else 200)


def _sent(route: ContactRoute, time: PreferredTime, team: str | None = None) -> Response:
    if team is None:
        team = selfcheck.self_referral_team().name
    session[SENT_KEY] = {"route": route.value, "time": time.value, "team": team}
    return redirect(url_for("frontdoors.self_check_sent"))


@bp.get("/self-check/contact/sent")
def self_check_sent() -> Any:
    sent = session.get(SENT_KEY)
    if not sent:
        return redirect(url_for("frontdoors.self_check_start"))
    return render_template(
        "frontdoors/sent.html",
        route=ContactRoute(sent["route"]),
        time=PreferredTime(sent["time"]),
        team=sent["team"],
        days=int(current_app.config["SELF_REFERRAL_CONTACT_DAYS"]),
    )


# -- Co-ordinators: the self-referral queue ----------------------------------------------------


@bp.get("/self-referrals")
@coordinator_only
def self_referrals() -> str:
    try:
        queue = selfcheck.queue(current_user)
    except Conflict as refusal:
        raise PermissionDenied(refusal.message) from refusal
    return render_template("frontdoors/queue.html", queue=queue, themes=selfcheck.flagged_themes)


@bp.post("/self-referrals/<request_uuid>/take")
@coordinator_only
def take_self_referral(request_uuid: str) -> Response:
    client = selfcheck.take(current_user, request_uuid)
    flash(f"{client.full_name} is now on your caseload", "success")
    return redirect(url_for("referrals.client", client_id=client.id))


# -- Partners: the First Contact checklist -----------------------------------------------------


def _partner_page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(
        template,
        checklist=partners.CHECKLIST,
        contact_options=ContactPreference.choices(),
        **context,
    ), status


@bp.get("/partner/checklist")
@provider_only
def partner_checklist() -> Any:
    partners.require_partner(current_user)
    return _partner_page("frontdoors/checklist.html", values={}, errors={})


@bp.post("/partner/checklist")
@provider_only
def partner_suggestions() -> Any:
    partners.require_partner(current_user)
    form = form_data(request.form, lists=("needs",))
    person, errors = load(PartnerPersonSchema(), form)
    if not errors:
        try:
            person["postcode"] = selfcheck.check_postcode(person["postcode"])
        except Refused as refusal:
            errors = domain_errors(refusal)
    if errors:
        return _partner_page("frontdoors/checklist.html", 400, values=request.form, errors=errors)
    return _suggestions_page(person, form, {})


def _suggestions_page(person: dict[str, Any], form: dict[str, Any], errors: Any) -> Any:
    themes = [Theme(n) for n in person["needs"]]
    needs = partners.suggestions_for(current_user, themes, person["postcode"], person.get("age"))
    default_reason = "Needs noticed on a home visit: " + "; ".join(n.text for n in needs) + "."
    return _partner_page(
        "frontdoors/suggestions.html",
        400 if errors else 200,
        person=person,
        needs=needs,
        today=utcnow().date(),
        carried=_carried(form),
        values={"reason": form.get("reason") or default_reason, "choice": form.get("choice", [])},
        errors=errors,
    )


CARRIED = (
    "first_name",
    "last_name",
    "postcode",
    "age",
    "address",
    "phone",
    "email",
    "contact_preference",
    "safe_to_leave_message",
    "what_matters",
    "consent",
)


def _carried(form: dict[str, Any]) -> list[tuple[str, str]]:
    """The person's details as hidden fields: the checklist stores nothing until it sends."""
    pairs = [(name, form[name]) for name in CARRIED if form.get(name)]
    pairs += [("needs", need) for need in form.get("needs", [])]
    return pairs


@bp.post("/partner/checklist/send")
@provider_only
def partner_send() -> Any:
    partners.require_partner(current_user)
    form = form_data(request.form, lists=("needs", "choice"))
    data, errors = load(PartnerSendSchema(), form)
    if errors:
        # The person's details are re-shown on the checklist; a refused choice, with the list.
        person, person_errors = load(
            PartnerPersonSchema(), {k: v for k, v in form.items() if k != "choice"}
        )
        if person_errors:
            return _partner_page(
                "frontdoors/checklist.html", 400, values=request.form, errors=errors
            )
        return _suggestions_page(person, form, errors)
    choices = [
        (Theme(theme), uuid) for theme, _, uuid in (c.partition(":") for c in data["choice"])
    ]
    sent = partners.send_referrals(current_user, data, choices, data["reason"])
    flash(f"{len(sent)} referral{'s' if len(sent) != 1 else ''} sent", "success")
    return redirect(url_for("frontdoors.partner_referrals"))


@bp.get("/partner/referrals")
@provider_only
def partner_referrals() -> str:
    referrals = partners.my_referrals(current_user)
    return render_template("frontdoors/partner_referrals.html", referrals=referrals)


# -- The printable directory -------------------------------------------------------------------


def _booklet_from_args() -> tuple[booklet.Booklet | None, dict[str, Any], Any]:
    params, errors = load(BookletSchema(), booklet_args(request.args))
    if errors:
        return None, errors, request.args
    filters = booklet.BookletFilters(
        themes=booklet.themes_from(params["theme"]),
        age=params["age"],
        neighbourhood_id=params["neighbourhood"],
        free_only=params["free"],
        large_print=params["large"],
    )
    return booklet.build_booklet(filters, utcnow().date()), {}, request.args


@bp.get("/booklet")
@booklet_makers
def booklet_page() -> Any:
    made, errors, values = _booklet_from_args()
    return render_template(
        "frontdoors/booklet.html",
        booklet=made,
        errors=errors,
        values=values,
        theme_options=Theme.choices(),
        neighbourhood_options=[("", "Anywhere")]
        + [(str(i), n) for i, n in booklet.neighbourhood_options()],
        pdf_url=url_for("frontdoors.booklet_pdf", **request.args.to_dict(flat=False)),
        large_print=bool(made and made.filters.large_print),
    ), (400 if errors else 200)


@bp.get("/booklet.pdf")
@booklet_makers
def booklet_pdf() -> Response:
    made, errors, _ = _booklet_from_args()
    if made is None:
        raise Conflict("Check the booklet's filters: " + "; ".join(errors))
    pdf = booklet.render_pdf(made, current_app.config["BOROUGH_NAME"])
    name = f"signpost-directory-{made.produced_on.isoformat()}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
