// Build Signpost's front-end assets into static/dist/ (run with `npm run build`).
//
// Compiles static/src/signpost.scss and copies the vendor scripts and styles the
// templates load. Works offline after `npm ci`; safe to run repeatedly.
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const dist = join(root, "static", "dist");
const started = performance.now();

// Images GOV.UK Frontend's CSS may reference that we must not serve: the crest is the
// Royal Coat of Arms (footer copyright logo), restricted to government services.
const RESTRICTED_GOVUK_IMAGES = new Set(["govuk-crest.svg"]);

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function copyAll(fromDir, toDir, names) {
  for (const name of names) copy(join(fromDir, name), join(toDir, name));
}

function buildCss() {
  const result = sass.compile(join(root, "static", "src", "signpost.scss"), {
    style: "compressed",
    importers: [new sass.NodePackageImporter(root)],
    // GOV.UK Frontend's own deprecation notices are not ours to fix.
    quietDeps: true,
  });
  const css = result.css;
  if (/GDS Transport|\/fonts\//.test(css)) {
    throw new Error("signpost.css refers to GOV.UK's font; check $govuk-font-family settings");
  }
  writeFileSync(join(dist, "signpost.css"), css + "\n");

  // Copy the GOV.UK images the CSS refers to, except restricted ones.
  const govukDir = join(modules, "govuk-frontend", "dist", "govuk", "assets");
  const referenced = new Set(
    [...css.matchAll(/url\(["']?\/static\/dist\/govuk\/([^"')]+)["']?\)/g)].map((m) => m[1]),
  );
  for (const asset of referenced) {
    const name = asset.split("/").pop();
    if (RESTRICTED_GOVUK_IMAGES.has(name)) continue;
    copy(join(govukDir, asset), join(dist, "govuk", asset));
  }
  return css.length;
}

function copyVendor() {
  const govuk = join(modules, "govuk-frontend", "dist", "govuk");
  copyAll(govuk, dist, ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]);

  const leaflet = join(modules, "leaflet", "dist");
  const leafletOut = join(dist, "vendor", "leaflet");
  copyAll(leaflet, leafletOut, ["leaflet.js", "leaflet.js.map", "leaflet.css"]);
  cpSync(join(leaflet, "images"), join(leafletOut, "images"), { recursive: true });

  const cluster = join(modules, "leaflet.markercluster", "dist");
  copyAll(cluster, join(dist, "vendor", "leaflet.markercluster"), [
    "leaflet.markercluster.js",
    "leaflet.markercluster.js.map",
    "MarkerCluster.css",
    "MarkerCluster.Default.css",
  ]);
}

if (!existsSync(join(modules, "govuk-frontend"))) {
  console.error("node_modules is missing: run `npm ci` first.");
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const cssBytes = buildCss();
copyVendor();
const ms = Math.round(performance.now() - started);
console.log(
  `Built ${relative(root, dist)}/ (signpost.css ${Math.round(cssBytes / 1024)} KiB) in ${ms} ms`,
);
