/* Isolation Atlas: the overview map in the browser.
 *
 * Python (geo/maps/layers.py) sends data and configuration only:
 *   AtlasOverview.mount(map, config)  once, with the country shapes and every layer's categories;
 *   atlasOverview.update(state)        whenever the page wants the map to show something else
 *                                      (a layer, a selected country, the values of a day).
 * Everything a person does on the map happens here at once (switching layers, selecting,
 * keyboard and touch); in the app each choice is then reported to Streamlit (emit), so the
 * sidebar, the details and the URL follow the map. Text from the data is only ever set with
 * textContent.
 */
(function () {
  "use strict";

  const WORLD = [[-56, -180], [78, 180]];
  const SELECTED = {weight: 3, color: "#000000", opacity: 1};
  const CURSOR = {weight: 2.5, color: "#000000", dashArray: "4 3", opacity: 1};
  const CHANGED = {weight: 2.2, color: "#6a00a8", dashArray: "5 3", opacity: 1};

  const el = window.AtlasDom.el;

  /* "Côte d'Ivoire" -> "cote d'ivoire": what a person types, without case or accents. */
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The point nearest to FROM in direction DIR ("left", "right", "up", "down"), on screen.
   * Points straight ahead win over points off to the side: distance grows with the angle. */
  function nearestInDirection(points, from, dir) {
    const axis = {left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1]}[dir];
    let best = null, bestScore = Infinity;
    points.forEach(function (p) {
      const dx = p.x - from.x, dy = p.y - from.y;
      const ahead = dx * axis[0] + dy * axis[1];
      if (ahead <= 0.5) { return; }
      const aside = Math.abs(dx * axis[1] - dy * axis[0]);
      if (aside > 2.5 * ahead) { return; }
      const score = ahead + 2 * aside;
      if (score < bestScore) { bestScore = score; best = p; }
    });
    return best;
  }

  /* Values of one day, as Python sends them ({field: {value: [iso3, ...]}}), per country. */
  function valuesByCountry(values) {
    const byCountry = {};
    Object.keys(values || {}).forEach(function (field) {
      Object.keys(values[field]).forEach(function (value) {
        values[field][value].forEach(function (iso3) {
          (byCountry[iso3] = byCountry[iso3] || {})[field] = value;
        });
      });
    });
    return byCountry;
  }

  function Overview(map, config) {
    this.map = map;
    this.config = config;
    this.layers = config.layers;
    this.byKey = {};
    this.layers.forEach(function (spec) { this.byKey[spec.key] = spec; }, this);
    this.active = this.layers[0].key;
    this.values = {};
    this.changed = {};
    this.selected = null;
    this.cursor = null;
    this.mountId = Math.random().toString(36).slice(2, 10);
    this.sent = 0;
    this.byIso3 = {};
    this.touches = [null, null];
    this.placed = null;  // the country this map last chose or brought into view itself
    this.territories = [];  // features that are not UN members, for the legend's row of them
    this._draw();
    this._layerControl();
    this._legend();
    this._details();
    this._keyboard();
    this._doubleTap();
    this._describe();
    map.atlas = this;
    map.on("zoomend", this.restyle, this);
    this.fittedWidth = map.getContainer().clientWidth;
    this.fittedHeight = map.getContainer().clientHeight;
    window.addEventListener("resize", this.fitFrame.bind(this));
    setTimeout(this.fitFrame.bind(this), 0);
  }

  Overview.prototype = {
    spec: function () { return this.byKey[this.active]; },

    category: function (props) {
      const spec = this.spec();
      if (spec.subject && spec.subject.iso3 === props.iso3) { return spec.subject; }
      const value = (this.values[props.iso3] || {})[spec.field];
      for (let i = 0; i < spec.categories.length; i++) {
        if (spec.categories[i].value === value) { return spec.categories[i]; }
      }
      // The rule classes UN members only: a territory without a class of its own is not missing data.
      if (!props.un_member) {
        return spec.not_member || {label: this.config.text.not_member, colour: spec.nodata.colour};
      }
      return spec.nodata;
    },

    style: function (feature) {
      const p = feature.properties, iso3 = p.iso3;
      const base = {fillColor: this.category(p).colour, fillOpacity: p.marker ? 0.95 : 0.85,
                    color: p.marker ? "#333333" : "#6b6b6b", weight: p.marker ? 1 : 0.6,
                    dashArray: null, opacity: 1};
      if (p.marker) {  // dots shrink with the world, so that on a phone they do not cover it
        const small = this.map.getZoom() < 1.2 ? 0.7 : 1;
        base.radius = (iso3 === this.selected ? 9 : 5) * small;
      }
      if (iso3 && this.changed[iso3]) { L.extend(base, CHANGED); }
      if (iso3 && iso3 === this.cursor) { L.extend(base, CURSOR); }
      if (iso3 && iso3 === this.selected) { L.extend(base, SELECTED); }
      return base;
    },

    restyle: function () {
      const self = this;
      this.shapes.eachLayer(function (layer) {
        layer.setStyle(self.style(layer.feature));  // a dot's radius too
        const path = layer.getElement(), iso3 = layer.feature.properties.iso3;
        if (path) {
          path.classList.toggle("selected", !!iso3 && iso3 === self.selected);
          path.classList.toggle("cursor", !!iso3 && iso3 === self.cursor);
          path.classList.toggle("changed", !!self.changed[iso3]);
        }
      });
      // Outlines drawn last, so neighbours' borders do not cut through them.
      [this.cursor, this.selected].forEach(function (iso3) {
        (self.byIso3[iso3] || []).forEach(function (layer) { layer.bringToFront(); });
      });
      this.legend.update();
      this._describe();
    },

    tooltip: function (props) {
      const box = el("div");
      el("strong", box, props.name);
      box.appendChild(el("br"));
      const spec = this.spec();  // a dataset's layer says the value itself, with its unit and year
      const value = spec.hover ? spec.hover[props.iso3] : null;
      box.appendChild(document.createTextNode(spec.title + ": " + (value || this.category(props).label)));
      if (this.changed[props.iso3]) { el("div", box, this.config.text.changed, "changed-note"); }
      return box;
    },

    _draw: function () {
      const self = this;
      this.shapes = L.geoJSON(this.config.shapes, {
        style: function (feature) { return self.style(feature); },
        pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, {radius: 5}); },
        onEachFeature: function (feature, layer) {
          const p = feature.properties;
          layer.options.className = "country iso-" + (p.iso3 || "none") + (p.marker ? " marker" : "");
          layer.bindTooltip(function () { return self.tooltip(p); }, {sticky: true});
          if (p.iso3) { (self.byIso3[p.iso3] = self.byIso3[p.iso3] || []).push(layer); }
          if (!p.un_member) { self.territories.push(p); }
          layer.on("click", function () {
            const iso3 = self.underFinger(p);
            if (!iso3) { return; }
            self.select(iso3, false);
            self.emit();
          });
        }
      }).addTo(this.map);
      // The browser may also move a tap off every shape, into the sea beside a small one: the
      // country under the finger is still the one meant.
      this.map.on("click", function (e) {
        const target = e.originalEvent && e.originalEvent.target;
        if (target && target.classList && target.classList.contains("country")) { return; }  // its own
        const iso3 = self.underFinger(null);
        if (!iso3) { return; }
        self.select(iso3, false);
        self.emit();
      });
      // One tab stop for the whole map (the container), not one per shape.
      this.shapes.eachLayer(function (layer) {
        const path = layer.getElement();
        if (path) { path.setAttribute("tabindex", "-1"); path.setAttribute("focusable", "false"); }
      });
      this.points = [];
      this.shapes.eachLayer(function (layer) {
        const p = layer.feature.properties;
        if (p.iso3 && p.at && !p.marker) { self.points.push({iso3: p.iso3, name: p.name, at: p.at}); }
      });
      this.config.shapes.features.forEach(function (f) {  // states drawn only as a dot
        const p = f.properties;
        if (p.iso3 && p.at && !self.points.some(function (q) { return q.iso3 === p.iso3; })) {
          self.points.push({iso3: p.iso3, name: p.name, at: p.at});
        }
      });
      this.points.sort(function (a, b) { return fold(a.name) < fold(b.name) ? -1 : 1; });
    },

    _layerControl: function () {
      const self = this, base = {};
      this.groups = {};
      this.layers.forEach(function (spec) {
        self.groups[spec.key] = L.layerGroup();
        base[spec.title] = self.groups[spec.key];
      });
      this.groups[this.active].addTo(this.map);
      this.control = L.control.layers(base, null, {collapsed: true, position: "topright"}).addTo(this.map);
      const toggle = this.control.getContainer().querySelector(".leaflet-control-layers-toggle");
      toggle.setAttribute("aria-label", this.config.text.layers);
      toggle.setAttribute("title", this.config.text.layers);
      this.map.on("baselayerchange", function (e) {
        const spec = self.layers.find(function (s) { return s.title === e.name; });
        if (!spec || spec.key === self.active) { return; }
        const before = self.spec().region;
        self.active = spec.key;
        self.restyle();
        self.frameRegion(before);
        self.emit();
        if (L.Browser.touch && L.Browser.mobile) { self.control.collapse(); }  // uncover the map
      });
    },

    showLayer: function (key) {
      if (!this.byKey[key] || key === this.active) { return; }
      const before = this.spec().region;
      this.map.removeLayer(this.groups[this.active]);
      this.active = key;
      this.map.addLayer(this.groups[key]);  // the control's radio follows; no event is emitted
      this.restyle();
      this.frameRegion(before);
    },

    /* A regional dataset (Europe's gas, Africa's wheat) is shown at its region, not on a world
     * mostly "not covered", and the world again after it; between two world layers the view stays
     * where the reader left it. BEFORE: the region of the layer shown until now. */
    frameRegion: function (before) {
      const region = this.spec().region;
      if (!region && !before) { return; }
      this.map.fitBounds(region || WORLD, {animate: false, padding: [4, 4]});
    },

    _legend: function () {
      const self = this;
      const legend = this.legend = L.control({position: "bottomleft"});
      legend.onAdd = function () {
        const box = L.DomUtil.create("details", "atlas-legend");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.open = self.map.getSize().x >= 520;  // on a phone it starts folded: the map comes first
        this._title = el("summary", box);
        this._rows = el("div", box, null, "rows");
        this._box = box;
        return box;
      };
      legend.update = function () {
        const spec = self.spec();
        this._title.textContent = spec.title;
        this._rows.textContent = "";
        const unclassed = spec.not_member && self.territories.some(function (p) {
          return self.category(p) === spec.not_member;
        });
        const rows = spec.categories.concat(spec.subject ? [spec.subject] : [], [spec.nodata],
                                            unclassed ? [spec.not_member] : []);
        rows.forEach(function (c) {
          const row = el("div", this._rows, null, "row");
          el("span", row, null, "swatch").style.background = c.colour;
          row.appendChild(document.createTextNode(c.label));
        }, this);
        if (Object.keys(self.changed).length) {
          const row = el("div", this._rows, null, "row");
          el("span", row, null, "swatch changed");
          row.appendChild(document.createTextNode(self.config.text.changed));
        }
        if (self.selected) {
          const row = el("div", this._rows, null, "row");
          el("span", row, null, "swatch selected");
          row.appendChild(document.createTextNode(self.config.text.selected + ": " + self.nameOf(self.selected)));
        }
      };
      legend.addTo(this.map);
      legend.update();
    },

    /* The exported page has no Streamlit beside it: a click shows the country's record here. */
    _details: function () {
      if (!this.config.details) { return; }
      const panel = this.detailsPanel = L.control({position: "topright"});
      panel.onAdd = function () {
        const box = L.DomUtil.create("div", "atlas-details");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.hidden = true;
        return box;
      };
      panel.addTo(this.map);
    },

    showDetails: function (iso3) {
      if (!this.detailsPanel) { return; }
      const box = this.detailsPanel.getContainer(), record = this.config.details[iso3];
      box.textContent = "";
      box.hidden = !iso3;
      if (!iso3) { return; }
      el("h3", box, record ? record.title : this.nameOf(iso3));
      const list = el("dl", box);
      (record ? record.facts : []).forEach(function (fact) {
        el("dt", list, fact[0]);
        el("dd", list, fact[1]);
      });
      if (!record) { el("p", box, this.config.text.no_record); }
    },

    /* The country a tap is on. Chrome moves a finger's tap onto the nearest small target, so a
     * tap in the middle of Iran would land on Kuwait's dot: the country under the point the finger
     * touched wins; a dot keeps a tap that lands in the sea beside it. CLICKED is the shape the
     * click reached, or null when it reached the map's background. */
    underFinger: function (clicked) {
      const touch = this.lastTouch;
      this.lastTouch = null;
      if (!touch || Date.now() - touch.at > 1500) { return (clicked && clicked.iso3) || null; }
      const el = document.elementFromPoint(touch.x, touch.y);
      const cls = el && el.classList ? Array.prototype.find.call(el.classList, function (c) {
        return c.indexOf("iso-") === 0;
      }) : null;
      const iso3 = cls && cls.slice(4);
      if (iso3 && this.byIso3[iso3]) { return iso3; }
      return clicked && clicked.marker ? clicked.iso3 : null;
    },

    nameOf: function (iso3) {
      const point = this.points.find(function (p) { return p.iso3 === iso3; });
      return point ? point.name : iso3;
    },

    pointOf: function (iso3) {
      return this.points.find(function (p) { return p.iso3 === iso3; }) || null;
    },

    /* A double tap zooms in, as on any map; two quick taps on two countries are two choices.
     * Leaflet takes any two taps within 200 ms for a double tap wherever they land, and zoomed
     * around the second: the next country could be out of view. A double tap is two touches
     * within a finger's width; the browser's own double clicks (a mouse's) are kept. */
    _doubleTap: function () {
      const self = this, map = this.map;
      if (!map.doubleClickZoom || !map.doubleClickZoom.enabled()) { return; }
      map.doubleClickZoom.disable();
      map.on("dblclick", function (e) {
        const a = self.touches[0], b = self.touches[1];
        if (e.originalEvent._simulated && !(a && b && Math.hypot(a.x - b.x, a.y - b.y) <= 24)) { return; }
        const delta = map.options.zoomDelta;
        map.setZoomAround(e.containerPoint, map.getZoom() + (e.originalEvent.shiftKey ? -delta : delta));
      });
    },

    /* Select a country (or none); REVEAL brings it into view, as after a search. */
    select: function (iso3, reveal) {
      this.selected = iso3 && this.byIso3[iso3] ? iso3 : null;
      this.restyle();
      this.showDetails(this.selected);
      if (reveal && this.selected) { this.reveal(this.selected); }
    },

    reveal: function (iso3) {
      this.placed = iso3;
      const layers = this.byIso3[iso3] || [], point = this.pointOf(iso3);
      const polygons = layers.filter(function (l) { return !l.feature.properties.marker; });
      const bounds = polygons.length ? L.latLngBounds(polygons.map(function (l) { return l.getBounds(); })) : null;
      const small = layers.some(function (l) { return l.feature.properties.marker; });
      const wide = bounds && bounds.getEast() - bounds.getWest() > 300;  // wraps the antimeridian
      if (small || wide || !bounds) {
        if (point) { this.map.setView(point.at, Math.max(this.map.getZoom(), small ? 5 : 2), {animate: false}); }
      } else {
        this.map.fitBounds(bounds, {padding: [80, 80], maxZoom: 4, animate: false});
      }
    },

    /* What Python asked for: values of a day, the layer, the selected country, changed countries. */
    update: function (state) {
      this.values = valuesByCountry(state.values);
      this.changed = {};
      (state.changed || []).forEach(function (iso3) { this.changed[iso3] = true; }, this);
      // A request made before Python saw this map's latest choice would undo it: keep the map's.
      const ack = state.ack || {};
      const current = this.sent === 0 || (ack.mount === this.mountId && ack.n >= this.sent);
      if (current) {
        if (this.byKey[state.layer]) { this.showLayer(state.layer); }
        this.selected = state.country && this.byIso3[state.country] ? state.country : null;
      }
      this.restyle();
      this.showDetails(this.selected);
      // A country this map chose (a tap) or already brought into view is where the person is
      // looking: a request that asks to reveal it again (made by a rerun that could not tell the
      // map was still mounted) would zoom the map away under the next tap.
      if (current && state.reveal && this.selected && this.selected !== this.placed) {
        this.reveal(this.selected);
        this.pendingReveal = this.selected;  // again once the frame has its final size
      }
      this.map.fire("atlas:updated");
    },

    /* Tell the page what the map shows now (Streamlit reruns; the map stays as it is). */
    emit: function () {
      if (!window.Streamlit || this.config.standalone) { return; }
      this.sent += 1;
      this.placed = this.selected;
      window.Streamlit.setComponentValue({id: {mount: this.mountId, n: this.sent},
                                          layer: this.active, country: this.selected});
    },

    _describe: function () {
      const c = this.map.getContainer();
      c.setAttribute("role", "application");
      c.setAttribute("aria-roledescription", "map");
      c.setAttribute("aria-label", this.config.text.describe.replace("{layer}", this.spec().title));
    },

    /* One tab stop: arrows move between countries, letters jump by name, Enter selects. */
    _keyboard: function () {
      const self = this, map = this.map, c = map.getContainer();
      c.tabIndex = 0;
      this.live = el("div", c, null, "atlas-live");
      this.live.setAttribute("aria-live", "polite");
      let typed = "", typedAt = 0;
      L.DomEvent.on(c, "keydown", function (e) {
        if (e.target !== c) { return; }  // keys in the layer control or the legend are theirs
        const dirs = {ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down"};
        if (dirs[e.key]) {
          self.moveCursor(dirs[e.key]);
        } else if (e.key === "Enter" || e.key === " ") {
          if (!self.cursor) { return; }
          self.select(self.cursor, false);
          self.emit();
          self.say(self.nameOf(self.cursor) + ": " + self.config.text.chosen);
        } else if (e.key === "Escape") {
          self.setCursor(null);
        } else if (e.key === "+" || e.key === "=") {
          map.zoomIn();
        } else if (e.key === "-" || e.key === "_") {
          map.zoomOut();
        } else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
          const now = Date.now();
          typed = (now - typedAt > 900 ? "" : typed) + fold(e.key);
          typedAt = now;
          const hit = self.points.find(function (p) { return fold(p.name).indexOf(typed) === 0; });
          if (hit) { self.setCursor(hit.iso3); }
        } else {
          return;
        }
        L.DomEvent.preventDefault(e);
      });
      L.DomEvent.on(c, "focus", function () {
        if (c.matches(":focus-visible")) { self.say(self.config.text.keys); }
      });
      L.DomEvent.on(c, "blur", function () { self.setCursor(null); });
      // Focused before the browser does it, without scrolling: a browser focusing a map that
      // sticks out of the window scrolls the page under the finger, and the tap lands elsewhere.
      L.DomEvent.on(c, "pointerdown", function (e) {
        if (document.activeElement !== c) { c.focus({preventScroll: true}); }
        self.lastTouch = e.pointerType === "touch" ? {x: e.clientX, y: e.clientY, at: Date.now()} : null;
        self.touches = [self.touches[1], self.lastTouch];  // the last two, for _doubleTap
      });
    },

    moveCursor: function (dir) {
      const map = this.map;
      const from = this.cursor ? this.pointOf(this.cursor) : null;
      const origin = from ? map.latLngToContainerPoint(from.at) : map.getSize().divideBy(2);
      const points = this.points.filter(function (p) { return !from || p.iso3 !== from.iso3; })
        .map(function (p) {
          const at = map.latLngToContainerPoint(p.at);
          return {x: at.x, y: at.y, iso3: p.iso3};
        });
      const next = from ? nearestInDirection(points, origin, dir)
        : points.reduce(function (best, p) {
          const d = origin.distanceTo(L.point(p.x, p.y));
          return !best || d < best.d ? {d: d, iso3: p.iso3} : best;
        }, null);
      if (next) { this.setCursor(next.iso3); }
    },

    setCursor: function (iso3) {
      const map = this.map;
      this.cursor = iso3;
      this.restyle();
      if (!iso3) {
        if (this.cursorTooltip) { map.closeTooltip(this.cursorTooltip); }
        return;
      }
      const point = this.pointOf(iso3);
      map.panInside(point.at, {padding: [60, 60], animate: false});
      const props = ((this.byIso3[iso3] || [])[0] || {feature: {properties: {iso3: iso3, name: point.name}}}).feature.properties;
      const at = map.latLngToContainerPoint(point.at);
      // One tooltip, moved from country to country and opened towards the middle of the map, so
      // it is never cut at an edge.
      this.cursorTooltip = this.cursorTooltip || L.tooltip({className: "cursor-tooltip"});
      this.cursorTooltip.options.direction = at.x < map.getSize().x / 2 ? "right" : "left";
      this.cursorTooltip.setLatLng(point.at).setContent(this.tooltip(props));
      if (!map.hasLayer(this.cursorTooltip)) { map.openTooltip(this.cursorTooltip); }
      this.say(props.name + ", " + this.category(props).label + ". " + this.config.text.enter);
    },

    say: function (text) { if (this.live) { this.live.textContent = text; } },

    /* On a narrow screen the frame is made as tall as the world is at its width, and the world
     * fills it: no empty bands, countries as large as the width allows. */
    fitFrame: function () {
      const map = this.map, c = map.getContainer(), width = c.clientWidth;
      if (!width) { return; }
      const full = this.config.height;
      const height = width < 640 ? Math.max(240, Math.min(full, Math.round(width * 0.62))) : full;
      if (Math.abs(c.clientHeight - height) > 1) {
        c.style.height = height + "px";
        if (window.Streamlit && !this.config.standalone) { window.Streamlit.setFrameHeight(height); }
        map.invalidateSize({animate: false});
      }
      if (width !== this.fittedWidth || Math.abs(c.clientHeight - this.fittedHeight) > 1) {
        map.fitBounds(this.spec().region || WORLD, {animate: false, padding: [4, 4]});
        this.fittedWidth = width;
        this.fittedHeight = c.clientHeight;
        if (this.pendingReveal && this.pendingReveal === this.selected) { this.reveal(this.selected); }
      }
      this.pendingReveal = null;
    }
  };

  window.AtlasOverview = {
    mount: function (map, config) { return new Overview(map, config); },
    fold: fold,
    nearestInDirection: nearestInDirection,
    valuesByCountry: valuesByCountry
  };
})();
