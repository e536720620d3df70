"""The referral tracker: caseload, wellbeing wheel, actions and closed-loop referrals."""

from flask import Flask

from accounts.models import Role
from accounts.navigation import add_home, add_nav_item, with_role
from core.jobs import add_daily_job
from referrals import equality, intake_policies, measures, policies  # noqa: F401 - policies
from referrals.api import api, document
from referrals.cli import referrals_cli, remind_command
from referrals.contact_views import bp as contacts_bp
from referrals.intake_api import api as intake_api
from referrals.intake_api import document as document_intake
from referrals.intake_policies import is_referring_partner
from referrals.intake_views import bp as intake_bp
from referrals.intake_views import link_bp as intake_link_bp
from referrals.outcome_api import api as outcomes_api
from referrals.outcome_api import document as document_outcomes
from referrals.outcome_views import bp as outcomes_bp
from referrals.services import response_stats
from referrals.views import bp, link_bp


def init_app(app: Flask) -> None:
    # An area's own measure file is checked at start, so a mistake in it stops the app with
    # the reason rather than breaking client pages later.
    with app.app_context():
        measures.defined_measures()
    app.register_blueprint(bp)
    app.register_blueprint(link_bp)
    app.register_blueprint(api)
    app.register_blueprint(intake_bp)
    app.register_blueprint(contacts_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(outcomes_api)
    document_outcomes(app)
    app.register_blueprint(intake_link_bp)
    document(app)
    app.register_blueprint(intake_api)
    document_intake(app)
    app.cli.add_command(referrals_cli)
    add_daily_job(app, "referrals remind", remind_command, order=30)
    add_home(app, "referrals.dashboard", with_role(Role.COORDINATOR), order=20)
    add_home(app, "referrals.inbox", with_role(Role.PROVIDER), order=40)
    add_nav_item(app, "Caseload", "referrals.dashboard", with_role(Role.COORDINATOR), order=10)
    add_nav_item(app, "Clients", "referrals.clients", with_role(Role.COORDINATOR), order=11)
    add_nav_item(app, "Referrals in", "intake.queue", with_role(Role.COORDINATOR), order=12)
    add_nav_item(app, "Next contacts", "contacts.overdue", with_role(Role.COORDINATOR), order=13)
    add_nav_item(app, "Refer someone", "intake.partner_referral", is_referring_partner, order=21)
    add_nav_item(app, "Referrals inbox", "referrals.inbox", with_role(Role.PROVIDER), order=20)
    # The public service page includes templates/referrals/_response_stats.html, which calls
    # this; directory itself never imports referrals.
    app.add_template_global(response_stats, "referral_response_stats")
    # The client page lists outcome measures and whether equality answers were recorded.
    app.add_template_global(measures.enabled_measures, "enabled_outcome_measures")
    app.add_template_global(measures.measure_summaries, "outcome_measure_summaries")
    app.add_template_global(equality.has_answers, "equality_recorded")
