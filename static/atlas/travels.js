/* Isolation Atlas: the Travels map in the browser.
 *
 * Python (geo/travels/route_layers.py) sends data and configuration only:
 *   AtlasTravels.mount(map, config)   once: the grey countries, the toggles, labels and colours;
 *   atlasTravel.draw(group, data)      for the legs and stops of the chosen dates, each rerun.
 * The world is drawn around Moscow: longitudes run from CENTRE - 180 to CENTRE + 180, so a stop in
 * Honolulu or Apia sits east of Asia, where the route from Moscow goes, not at the far left.
 * Text from the data is only ever set with textContent.
 */
(function () {
  "use strict";

  const el = window.AtlasDom.el;

  /* A longitude moved by whole turns into [west, west + 360). */
  function wrapLon(lon, west) {
    return lon - 360 * Math.floor((lon - west) / 360);
  }

  /* A leg's parts (split at ±180° by Python) as one line with continuous longitudes, its start
   * inside the window that begins at WEST. */
  function unwrapPath(parts, west) {
    const line = [];
    parts.forEach(function (part) {
      part.forEach(function (p) {
        let lon = p[1];
        if (!line.length) {
          lon = wrapLon(lon, west);
        } else {
          const last = line[line.length - 1][1];
          lon += 360 * Math.round((last - lon) / 360);
        }
        const prev = line[line.length - 1];
        if (!prev || prev[0] !== p[0] || prev[1] !== lon) { line.push([p[0], lon]); }
      });
    });
    return line;
  }

  /* LON moved by whole turns to lie nearest the line's points (for a leg's arrow). */
  function nearestTurn(lon, line) {
    let best = lon, bestGap = Infinity;
    [-720, -360, 0, 360, 720].forEach(function (shift) {
      line.forEach(function (p) {
        const gap = Math.abs(lon + shift - p[1]);
        if (gap < bestGap) { bestGap = gap; best = lon + shift; }
      });
    });
    return best;
  }

  /* Polygon parts lying west of the window, drawn again one turn east (Alaska, Hawaii, Samoa). */
  function eastCopies(features, west) {
    const copies = [];
    features.forEach(function (f) {
      const g = f.geometry;
      if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) { return; }
      const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      const moved = polygons.filter(function (rings) {
        return rings[0].some(function (c) { return c[0] < west; });
      }).map(function (rings) {
        return rings.map(function (ring) { return ring.map(function (c) { return [c[0] + 360, c[1]]; }); });
      });
      if (moved.length) {
        copies.push({type: "Feature", properties: f.properties,
                     geometry: {type: "MultiPolygon", coordinates: moved}});
      }
    });
    return copies;
  }

  function Travels(map, config) {
    this.map = map;
    L.DomUtil.addClass(map.getContainer(), "atlas-travels");
    this.spec = config;
    this.west = config.centre - 180;
    this.items = [];
    this.requested = null;
    this._panes();
    this._base();
    this._toggles();
    this._legend();
    this._fitLater();
  }

  Travels.prototype = {
    _panes: function () {
      const spec = this.spec, map = this.map;
      // One pane of legs per traveller, the first on top: a later traveller's legs are drawn wider
      // underneath, so where both flew the same route (Moscow-Tehran, -Yerevan, -Minsk) both show.
      const keys = Object.keys(spec.travellers);
      keys.forEach(function (key, i) {
        spec.travellers[key].pane = "travel-legs-" + key;
        spec.travellers[key].weight = 2.4 + 2.2 * i;
      });
      keys.map(function (key, i) { return [spec.travellers[key].pane, 410 - i]; })
        .concat([["travel-arrows", 415], ["travel-stops", 420]]).forEach(function (p) {
          if (!map.getPane(p[0])) { map.createPane(p[0]).style.zIndex = p[1]; }
        });
      map.getPane("travel-arrows").style.pointerEvents = "none";
    },

    /* Every country in light grey, Russia a shade darker; hovering names it and who visited it. */
    _base: function () {
      const spec = this.spec;
      const countries = spec.shapes.features.filter(function (f) { return !f.properties.marker; });
      L.geoJSON({type: "FeatureCollection", features: countries.concat(eastCopies(countries, this.west))}, {
        style: function (feature) {
          const p = feature.properties;
          return {fillColor: p.iso3 === spec.home.iso3 ? spec.home_fill : spec.base_fill,
                  fillOpacity: 1, color: "#ffffff", weight: 0.7};
        },
        onEachFeature: function (feature, layer) {
          layer.options.className = "country base iso-" + (feature.properties.iso3 || "none");
          layer.bindTooltip(function () {
            const p = feature.properties, box = el("div");
            el("strong", box, p.name);
            const label = p.iso3 === spec.home.iso3 ? spec.home.label : spec.visited[p.iso3];
            if (label) { el("div", box, label); }
            return box;
          }, {sticky: true});
        }
      }).addTo(this.map);
    },

    /* Routes, Stops and each traveller: overlays of the layer control. */
    _toggles: function () {
      const self = this, overlays = {};
      this.toggles = {};
      Object.keys(this.spec.toggles).forEach(function (key) {
        self.toggles[key] = L.layerGroup().addTo(self.map);
        overlays[self.spec.toggles[key]] = self.toggles[key];
      });
      L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(this.map);
      this.map.on("overlayadd overlayremove", function () { self.apply(); });
    },

    shown: function (item) {
      return this.map.hasLayer(this.toggles[item.kind]) && this.map.hasLayer(this.toggles[item.traveller]);
    },

    apply: function () {
      this.items.forEach(function (item) {
        const on = this.shown(item), has = item.group.hasLayer(item.layer);
        if (on && !has) { item.group.addLayer(item.layer); }
        if (!on && has) { item.group.removeLayer(item.layer); }
      }, this);
    },

    /* Sidebar choices arrive with each drawing; only those that changed are applied, so a toggle
     * made in the map's own control survives a change of dates or of another box. */
    request: function (requested) {
      const before = this.requested || {};
      this.requested = requested;
      Object.keys(requested).forEach(function (key) {
        const layer = this.toggles[key];
        if (!layer || before[key] === requested[key]) { return; }
        if (requested[key] && !this.map.hasLayer(layer)) { this.map.addLayer(layer); }
        if (!requested[key] && this.map.hasLayer(layer)) { this.map.removeLayer(layer); }
      }, this);
    },

    legTooltip: function (leg) {
      const box = el("div", null, null, "leg-tooltip");
      el("strong", box, this.spec.travellers[leg.traveller].label);
      el("div", box, leg.from + " \u2192 " + leg.to);
      el("div", box, leg.dates + " \u00b7 " + leg.km.toLocaleString("en") + " km");
      if (leg.event) { el("div", box, leg.event); }
      if (leg.confidence !== "confirmed") {
        el("div", box, leg.confidence_label + (leg.note ? ": " + leg.note : ""), "why");
      }
      return box;
    },

    stopPopup: function (stop) {
      const box = el("div", null, null, "stop-popup");
      el("strong", box, stop.place);
      el("div", box, this.spec.travellers[stop.traveller].label + " \u00b7 " + stop.visits.length +
         (stop.visits.length === 1 ? " visit" : " visits"));
      stop.visits.forEach(function (v) {
        const visit = el("div", box, null, "visit");
        el("div", visit, v.dates, "dates");
        field(visit, "Event", v.event);
        field(visit, "Met", v.counterparts);
        field(visit, "Confidence", v.confidence_label + (v.note ? ": " + v.note : ""));
        sources(visit, v.source);
      });
      return box;
    },

    draw: function (group, data) {
      const self = this, spec = this.spec, items = [];
      data.legs.forEach(function (leg) {
        const t = spec.travellers[leg.traveller], line = unwrapPath(leg.path, self.west);
        const polyline = L.polyline(line, {
          pane: t.pane, color: t.colour, weight: t.weight, opacity: 0.9,
          dashArray: leg.dashed ? "7 6" : null,
          className: "leg traveller-" + leg.traveller + " confidence-" + leg.confidence +
                     " from-" + leg.from_iso3 + " to-" + leg.to_iso3
        });
        polyline.bindTooltip(function () { return self.legTooltip(leg); }, {sticky: true});
        const arrow = L.marker([leg.arrow[0], nearestTurn(leg.arrow[1], line)], {
          pane: "travel-arrows", interactive: false, keyboard: false, icon: arrowIcon(t.colour, leg.arrow[2])
        });
        items.push({kind: "routes", traveller: leg.traveller, layer: polyline, group: group});
        items.push({kind: "routes", traveller: leg.traveller, layer: arrow, group: group});
      });
      data.stops.slice().sort(function (a, b) { return b.visits.length - a.visits.length; })
        .forEach(function (stop) {
          const colour = spec.travellers[stop.traveller].colour, n = stop.visits.length;
          let style;
          if (!stop.counted && !stop.hollow) {
            style = {color: spec.not_a_trip, weight: 1.6, fillColor: "#ffffff", fillOpacity: 0.9,
                     dashArray: "2 3", radius: 5};
          } else if (stop.hollow) {
            style = {color: colour, weight: 2, fillColor: "#ffffff", fillOpacity: 0.9,
                     dashArray: "3 2", radius: 3 + 3.5 * Math.sqrt(n)};
          } else {
            style = {color: stop.confidence === "confirmed" ? "#ffffff" : colour, weight: 1.5,
                     fillColor: colour, fillOpacity: stop.confidence === "confirmed" ? 0.95 : 0.4,
                     radius: 3 + 3.5 * Math.sqrt(n)};
          }
          const keys = Object.keys(spec.travellers);
          const offset = stop.shared ? [(keys.indexOf(stop.traveller) * 2 - 1) * 5, 0] : null;
          const marker = new OffsetCircle([stop.lat, wrapLon(stop.lon, self.west)], L.extend(style, {
            pane: "travel-stops", offset: offset,
            className: "stop traveller-" + stop.traveller + " confidence-" + stop.confidence + " iso-" + stop.iso3
          }));
          marker.bindPopup(function (layer) {
            // The popup is panned clear of the open layer control (top right), so that its close
            // button is never under the control: Leaflet's autoPan knows nothing of controls.
            const control = self.map.getContainer().querySelector(".leaflet-control-layers");
            layer.getPopup().options.autoPanPaddingTopLeft = [5, control ? control.offsetTop + control.offsetHeight + 10 : 5];
            return self.stopPopup(stop);
          }, {maxWidth: 340});
          marker.bindTooltip(function () {
            const t = el("div");
            el("strong", t, stop.place);
            el("div", t, spec.travellers[stop.traveller].label + ": " +
               stop.visits.map(function (v) { return v.dates; }).join("; "));
            return t;
          });
          items.push({kind: "stops", traveller: stop.traveller, layer: marker, group: group});
        });
      this.items = items;
      this.request(data.requested);
      this.apply();
      this.map.fire("atlas:drawn", {legs: data.legs.length, stops: data.stops.length});
    },

    _legend: function () {
      const spec = this.spec, self = this;
      const legend = this.legend = L.control({position: "bottomleft"});
      legend.onAdd = function () {
        const box = L.DomUtil.create("details", "atlas-legend travel-legend");
        L.DomEvent.disableClickPropagation(box);
        box.open = self.map.getSize().x >= 700;
        el("summary", box, spec.legend.title);
        Object.keys(spec.travellers).forEach(function (key) {
          const t = spec.travellers[key], row = el("div", box, t.label);
          swatch(row, function (svg) {
            shape(svg, "line", {x1: 1, y1: 6, x2: 25, y2: 6, stroke: t.colour, "stroke-width": t.weight});
          });
        });
        spec.legend.styles.forEach(function (s) {
          swatch(el("div", box, s[1]), function (svg) { LEGEND_SWATCHES[s[0]](svg, spec); });
        });
        L.DomEvent.on(box, "toggle", function () { self.fit(); });
        return box;
      };
      legend.addTo(this.map);
    },

    /* The trips' area, kept clear of the legend (bottom left) and the layer control (top right),
     * so no stop hides under either. */
    fit: function () {
      const map = this.map, bounds = L.latLngBounds(this.spec.bounds);
      const legend = this.legend.getContainer();
      const control = map.getContainer().querySelector(".leaflet-control-layers");
      const top = control ? control.offsetHeight + 10 : 10;
      // Beside the legend or above it, whichever leaves the trips larger.
      const options = [
        {paddingTopLeft: [legend.offsetWidth + 10, top], paddingBottomRight: [10, 10]},
        {paddingTopLeft: [10, top], paddingBottomRight: [10, legend.offsetHeight + 10]}
      ];
      const zoomOf = function (o) {
        return map.getBoundsZoom(bounds, false, L.point(o.paddingTopLeft).add(o.paddingBottomRight));
      };
      const best = zoomOf(options[0]) >= zoomOf(options[1]) ? options[0] : options[1];
      map.fitBounds(bounds, L.extend({animate: false}, best));
    },

    /* Fitted once the frame has its size, and again whenever its size changes, taller or shorter
     * as well as wider or narrower (a phone turned, the frame given a new height): the window's
     * resize event, all Leaflet follows, misses a frame resized from inside. Never animated. */
    _fitLater: function () {
      const self = this, map = this.map, container = map.getContainer();
      let size = null, pending = false;
      const refit = function () {
        pending = false;
        const now = [container.clientWidth, container.clientHeight];
        if (!now[0] || !now[1] || (size && now[0] === size[0] && now[1] === size[1])) { return; }
        size = now;
        map.invalidateSize({animate: false, pan: false});
        self.fit();
      };
      const later = function () {
        if (!pending) { pending = true; window.requestAnimationFrame(refit); }
      };
      setTimeout(refit, 0);
      if (window.ResizeObserver) { new window.ResizeObserver(later).observe(container); }
      map.on("resize", later);
    }
  };

  /* A circle shifted a few pixels, so Lavrov's and Putin's stops at one place both show. */
  const OffsetCircle = L.CircleMarker.extend({
    _project: function () {
      L.CircleMarker.prototype._project.call(this);
      if (this.options.offset) {
        this._point = this._point.add(L.point(this.options.offset));
        this._updateBounds();
      }
    }
  });

  function field(parent, label, value) {
    if (!value) { return; }
    const row = el("div", parent, null, "field");
    el("b", row, label + ": ");
    row.appendChild(document.createTextNode(value));
  }

  function sources(parent, text) {
    const row = el("div", parent, null, "field source");
    el("b", row, "Source: ");
    String(text || "").split(/\s+;\s+/).forEach(function (part, i) {
      if (i) { row.appendChild(document.createTextNode(" ; ")); }
      const url = part.match(/^https?:\/\/\S+/);
      if (url) {
        const a = el("a", row, part);
        a.href = url[0];
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      } else {
        row.appendChild(document.createTextNode(part));
      }
    });
  }

  function arrowIcon(colour, angle) {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="-7 -7 14 14">' +
                '<path d="M-5,-4.5 L6,0 L-5,4.5 L-2.5,0 Z" fill="' + colour + '" stroke="#fff" ' +
                'stroke-width="0.8" transform="rotate(' + Number(angle) + ')"/></svg>';
    return L.divIcon({className: "leg-arrow", html: svg, iconSize: [14, 14], iconAnchor: [7, 7]});
  }

  const SVG = "http://www.w3.org/2000/svg";
  function swatch(row, draw) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "12");
    draw(svg);
    row.insertBefore(svg, row.firstChild);
  }
  function shape(svg, tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    svg.appendChild(node);
  }
  const LEGEND_SWATCHES = {
    line: function (svg) { shape(svg, "line", {x1: 1, y1: 6, x2: 25, y2: 6, stroke: "#555", "stroke-width": 2}); },
    dashed: function (svg) {
      shape(svg, "line", {x1: 1, y1: 6, x2: 14, y2: 6, stroke: "#555", "stroke-width": 2, "stroke-dasharray": "4 3"});
      shape(svg, "circle", {cx: 20, cy: 6, r: 4, fill: "#fff", stroke: "#555", "stroke-width": 1.5,
                            "stroke-dasharray": "2 1.5"});
    },
    pale: function (svg) {
      shape(svg, "circle", {cx: 13, cy: 6, r: 4.5, fill: "#555", "fill-opacity": 0.4, stroke: "#555",
                            "stroke-width": 1.5});
    },
    grey: function (svg, spec) {
      shape(svg, "circle", {cx: 13, cy: 6, r: 4.5, fill: "#fff", stroke: spec.not_a_trip, "stroke-width": 1.5,
                            "stroke-dasharray": "2 2"});
    },
    size: function (svg) {
      shape(svg, "circle", {cx: 6, cy: 6, r: 3, fill: "#555"});
      shape(svg, "circle", {cx: 18, cy: 6, r: 5.5, fill: "#555"});
    }
  };

  window.AtlasTravels = {
    mount: function (map, config) { return (window.atlasTravel = new Travels(map, config)); },
    wrapLon: wrapLon,
    unwrapPath: unwrapPath,
    eastCopies: eastCopies
  };
})();
