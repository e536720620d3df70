// Mark the page as scripted before it paints, as GOV.UK's template does inline
// (our Content-Security-Policy allows no inline scripts). Load synchronously,
// first thing in <body>.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
