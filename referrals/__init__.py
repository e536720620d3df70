"""The referral tracker: caseload, wellbeing wheel, actions and closed-loop referrals."""

from flask import Flask

from accounts import audit
from accounts.models import Role
from accounts.navigation import add_home, add_nav_item, with_role
from core.jobs import add_daily_job
from referrals import (  # noqa: F401 - registers the policies and the inbox's pages
    equality,
    finding_views,
    inbox_views,
    intake_policies,
    measures,
    plans_policies,
    policies,
    safeguarding_policies,
)
from referrals.api import api, document
from referrals.caseload_views import bp
from referrals.circle_views import bp as circle_bp
from referrals.cli import referrals_cli, remind_command, retention_command
from referrals.coding import check_code_table
from referrals.contact_views import bp as contacts_bp
from referrals.fhir_api import api as fhir_api
from referrals.fhir_api import document as document_fhir
from referrals.gp_letter_views import bp as gp_letter_bp
from referrals.intake_api import api as intake_api
from referrals.intake_api import document as document_intake
from referrals.intake_policies import is_referring_partner
from referrals.intake_views import bp as intake_bp
from referrals.intake_views import link_bp as intake_link_bp
from referrals.link_views import link_bp
from referrals.outcome_api import api as outcomes_api
from referrals.outcome_api import document as document_outcomes
from referrals.outcome_views import bp as outcomes_bp
from referrals.plans_api import api as plans_api
from referrals.plans_api import document as document_plans
from referrals.plans_panels import caseload_panel, client_panel
from referrals.plans_views import bp as plans_bp
from referrals.privacy_api import api as privacy_api
from referrals.privacy_api import document as document_privacy
from referrals.privacy_views import bp as privacy_bp
from referrals.record_pages import client_page, referral_page
from referrals.safeguarding_policies import lists_concerns
from referrals.safeguarding_views import bp as safeguarding_bp
from referrals.services import response_stats
from referrals.supervision_api import api as supervision_api
from referrals.supervision_api import document as document_supervision
from referrals.supervision_cli import team_cli, weekly_summary_command
from referrals.supervision_views import bp as supervision_bp


def init_app(app: Flask) -> None:
    audit.register_record_page("client", client_page)
    audit.register_record_page("referral", referral_page)
    check_code_table(app)
    # An area's own measure file is checked at start, so a mistake in it stops the app with
    # the reason rather than breaking client pages later.
    with app.app_context():
        measures.defined_measures()
    app.register_blueprint(bp)
    app.register_blueprint(link_bp)
    finding_views.register(app)
    app.register_blueprint(api)
    app.register_blueprint(intake_bp)
    app.register_blueprint(contacts_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(outcomes_api)
    document_outcomes(app)
    app.register_blueprint(intake_link_bp)
    document(app)
    app.register_blueprint(intake_api)
    document_intake(app)
    app.register_blueprint(privacy_api)
    document_privacy(app)
    app.register_blueprint(plans_bp)
    app.register_blueprint(safeguarding_bp)
    app.register_blueprint(circle_bp)
    app.register_blueprint(plans_api)
    document_plans(app)
    app.register_blueprint(supervision_bp)
    app.register_blueprint(supervision_api)
    document_supervision(app)
    app.register_blueprint(gp_letter_bp)
    app.register_blueprint(fhir_api)
    document_fhir(app)
    app.cli.add_command(referrals_cli)
    app.cli.add_command(team_cli)
    add_daily_job(app, "referrals remind", remind_command, order=30)
    add_daily_job(app, "referrals retention", retention_command, order=85)
    # Daily, but each leader gets each team's summary once a week (the first run of the week).
    add_daily_job(app, "team weekly-summary", weekly_summary_command, order=35)
    add_home(app, "referrals.dashboard", with_role(Role.COORDINATOR), order=20)
    add_home(app, "referrals.inbox", with_role(Role.PROVIDER), order=40)
    add_home(app, "supervision.teams", with_role(Role.TEAM_LEADER), order=25)
    add_nav_item(app, "Caseload", "referrals.dashboard", with_role(Role.COORDINATOR), order=10)
    add_nav_item(app, "Clients", "referrals.clients", with_role(Role.COORDINATOR), order=11)
    add_nav_item(app, "Referrals in", "intake.queue", with_role(Role.COORDINATOR), order=12)
    add_nav_item(app, "Next contacts", "contacts.overdue", with_role(Role.COORDINATOR), order=13)
    add_nav_item(app, "Safeguarding", "safeguarding.open_concerns", lists_concerns, order=14)
    add_nav_item(app, "Your teams", "supervision.teams", with_role(Role.TEAM_LEADER), order=14)
    add_nav_item(
        app,
        "Coded activity",
        "gp_letter.coded_activity",
        with_role(Role.COORDINATOR, Role.CAPACITY_LEAD),
        order=14,
    )
    add_nav_item(app, "Refer someone", "intake.partner_referral", is_referring_partner, order=21)
    add_nav_item(app, "Referrals inbox", "referrals.inbox", with_role(Role.PROVIDER), order=20)
    # The public service page includes templates/referrals/_response_stats.html, which calls
    # this; directory itself never imports referrals.
    app.add_template_global(response_stats, "referral_response_stats")
    # The client page and caseload include templates/plans/_client_panel.html and
    # _caseload_panel.html, which call these.
    app.add_template_global(client_panel, "plan_client_panel")
    app.add_template_global(caseload_panel, "plan_caseload_panel")
    # The client page lists outcome measures and whether equality answers were recorded.
    app.add_template_global(measures.enabled_measures, "enabled_outcome_measures")
    app.add_template_global(measures.measure_summaries, "outcome_measure_summaries")
    app.add_template_global(equality.has_answers, "equality_recorded")
