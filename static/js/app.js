// Start GOV.UK Frontend's components (service navigation menu, error summary
// focus, notification banners, details, character counts, ...).
import { initAll } from "/static/dist/govuk-frontend.min.js";

initAll();

// A "Print" button (data-print) is hidden until JavaScript can make it work.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
