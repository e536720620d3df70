// Start GOV.UK Frontend's components (service navigation menu, error summary
// focus, notification banners, details, character counts, ...).
import { initAll } from "/static/dist/govuk-frontend.min.js";

initAll();
