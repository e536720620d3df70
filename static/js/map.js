// Turn [data-map] elements into Leaflet maps (progressive enhancement).
//
// Markup (see templates/_macros/components.html, macro `map`):
//   <div class="sp-map" data-map role="region" aria-label="..."
//        data-markers='[{"lat":..,"lon":..,"title":"..","url":"..","label":".."}]'
//        data-centre="53.57,-2.43" data-zoom="12" data-cluster="true"
//        data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
//        data-tile-attribution="...">
//     <div class="sp-map__fallback">...a list of the places...</div>
//   </div>
// Optional data-geojson: an array of GeoJSON features whose properties carry label,
// value and url (a choropleth), or, without geometry, lat/lon/radius (circles). A `fill`
// property chooses the shade (matching the page's own legend); a `name` is written on
// the area at its centre (lat/lon).
//
// The fallback list always stays as it is, under the map when one is drawn. Tiles
// that cannot load (offline, CI) leave markers on a plain background.
(function () {
  "use strict";

  var SHADES = ["#d2e2f1", "#a5c6e3", "#6f9fd0", "#1d70b8", "#0f385c"];

  function parseJson(text, fallback) {
    if (!text) return fallback;
    try {
      return JSON.parse(text);
    } catch (error) {
      return null;
    }
  }

  function parseCentre(text) {
    var parts = (text || "").split(",").map(Number);
    if (parts.length !== 2 || parts.some(isNaN)) return null;
    return parts;
  }

  // Build popup content as DOM nodes so titles and labels are never parsed as HTML.
  function popupContent(title, url, extra) {
    var box = document.createElement("div");
    var heading = document.createElement("p");
    heading.className = "govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1";
    if (url) {
      var link = document.createElement("a");
      link.className = "govuk-link";
      link.href = url;
      link.textContent = title || url;
      heading.appendChild(link);
    } else {
      heading.textContent = title || "";
    }
    box.appendChild(heading);
    if (extra) {
      var detail = document.createElement("p");
      detail.className = "govuk-body-s govuk-!-margin-bottom-0";
      detail.textContent = extra;
      box.appendChild(detail);
    }
    return box;
  }

  function shadeFor(value, min, max) {
    if (typeof value !== "number" || max <= min) return SHADES[SHADES.length - 1];
    var step = Math.min(SHADES.length - 1, Math.floor(((value - min) / (max - min)) * SHADES.length));
    return SHADES[step];
  }

  function geojsonLayer(L, features) {
    var values = features
      .map(function (f) { return f && f.properties && f.properties.value; })
      .filter(function (v) { return typeof v === "number"; });
    var min = Math.min.apply(null, values);
    var max = Math.max.apply(null, values);
    var group = L.featureGroup();

    features.forEach(function (feature) {
      var props = (feature && feature.properties) || {};
      var text = props.value === undefined ? "" : String(props.value);
      var style = {
        color: "#0b0c0c",
        weight: 1,
        fillColor: props.fill || shadeFor(props.value, min, max),
        fillOpacity: 0.7,
      };
      var layer;
      if (feature.geometry) {
        layer = L.geoJSON(feature, { style: function () { return style; } });
      } else if (typeof props.lat === "number" && typeof props.lon === "number") {
        style.radius = props.radius || 500;
        layer = L.circle([props.lat, props.lon], style);
      } else {
        return;
      }
      layer.bindPopup(popupContent(props.label, props.url, text));
      group.addLayer(layer);
      if (props.name && typeof props.lat === "number" && typeof props.lon === "number") {
        // A name on the map itself, not only in a popup: plain text, never parsed as HTML.
        var label = L.tooltip({
          permanent: true,
          direction: "center",
          className: "sp-map__label",
          interactive: false,
        });
        label.setLatLng([props.lat, props.lon]);
        label.setContent(document.createTextNode(props.name));
        group.addLayer(label);
        group.sp_labels = (group.sp_labels || []).concat([label]);
      }
    });
    return group;
  }

  // Names that would overlap at this zoom are hidden (the table and popups still name every
  // area); zooming in shows them. Earlier features' names win (the gap map sends the biggest
  // gaps first).
  function declutter(labels) {
    var placed = [];
    labels.forEach(function (label) {
      var element = label.getElement();
      if (!element) return;
      element.classList.remove("sp-map__label--hidden");
      var box = element.getBoundingClientRect();
      var clash = placed.some(function (other) {
        return !(box.right < other.left || box.left > other.right ||
          box.bottom < other.top || box.top > other.bottom);
      });
      if (clash) {
        element.classList.add("sp-map__label--hidden");
      } else {
        placed.push(box);
      }
    });
  }

  function markerLayer(L, markers, cluster) {
    var group = cluster && L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup();
    markers.forEach(function (m) {
      if (typeof m.lat !== "number" || typeof m.lon !== "number") return;
      var marker = L.marker([m.lat, m.lon], {
        title: m.title || "",
        alt: m.title || "Place",
        keyboard: true,
      });
      marker.bindPopup(popupContent(m.title, m.url, m.label));
      group.addLayer(marker);
    });
    return group;
  }

  // A popup opened from the keyboard takes focus to its link, and gives it back to its
  // marker when closed, so keyboard users are not stranded.
  function manageFocus(map) {
    var opener = null;
    map.on("popupopen", function (event) {
      var active = document.activeElement;
      opener = active && map.getContainer().contains(active) && active !== map.getContainer()
        ? active
        : null;
      if (!opener) return;
      var link = event.popup.getElement() && event.popup.getElement().querySelector("a[href]");
      if (link) link.focus();
    });
    map.on("popupclose", function (event) {
      var element = event.popup.getElement();
      if (opener && element && element.contains(document.activeElement)) opener.focus();
      opener = null;
    });
  }

  function enhance(element) {
    var L = window.L;
    if (!L || element.getAttribute("data-map-ready")) return;

    var markers = parseJson(element.getAttribute("data-markers"), []);
    var features = parseJson(element.getAttribute("data-geojson"), []);
    if (!Array.isArray(markers) || !Array.isArray(features)) return;

    var canvas = document.createElement("div");
    canvas.className = "sp-map__canvas";
    element.insertBefore(canvas, element.firstChild);

    var centre = parseCentre(element.getAttribute("data-centre")) || [54.0, -2.5];
    var zoom = parseInt(element.getAttribute("data-zoom"), 10);
    // maxZoom on the map itself: the cluster layer throws without it when no tile
    // layer (which would otherwise supply one) is present or reachable.
    var map = L.map(canvas, {
      maxZoom: 18,
      minZoom: 2,
      zoomSnap: 0.25,
      scrollWheelZoom: false,
    });
    map.setView(centre, isNaN(zoom) ? 12 : zoom);

    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || "",
      }).addTo(map);
    }

    var layers = [];
    if (markers.length) {
      layers.push(markerLayer(L, markers, element.getAttribute("data-cluster") === "true"));
    }
    if (features.length) layers.push(geojsonLayer(L, features));
    var bounds = L.latLngBounds([]);
    layers.forEach(function (layer) {
      layer.addTo(map);
      var b = layer.getBounds();
      if (b.isValid()) bounds.extend(b);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    layers.forEach(function (layer) {
      if (!layer.sp_labels) return;
      declutter(layer.sp_labels);
      map.on("zoomend", function () { declutter(layer.sp_labels); });
    });

    manageFocus(map);

    // The written list (addresses) stays in view beside the map: a map is no substitute
    // for an address someone can read, copy or print.
    element.setAttribute("data-map-ready", "true");
  }

  function init() {
    var elements = document.querySelectorAll("[data-map]");
    for (var i = 0; i < elements.length; i++) {
      try {
        enhance(elements[i]);
      } catch (error) {
        // Leave the fallback list in place rather than break the page.
        var canvas = elements[i].querySelector(".sp-map__canvas");
        if (canvas && !elements[i].getAttribute("data-map-ready")) canvas.remove();
        if (window.console) window.console.error("Signpost map:", error);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
