/* Isolation Atlas: what an embedded map page (geo/maps/embed.py) adds to the overview's module.
 *
 * It tells the page that holds its iframe how tall it is, as Datawrapper's embeds do
 * ({"isolation-atlas-height": pixels, "href": its address}), so an article's iframe grows to fit;
 * and a ?country=ISO3 in its own address selects that country, so one file serves every country.
 */
(function () {
  "use strict";

  function tellHeight() {
    if (window.parent === window) { return; }
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({"isolation-atlas-height": height, href: window.location.href}, "*");
  }

  const wanted = new URLSearchParams(window.location.search).get("country");
  if (wanted && window.atlasOverview) {
    window.atlasOverview.select(wanted.toUpperCase(), true);
    const link = document.querySelector("a.embed-open");
    const selected = window.atlasOverview.selected;
    if (link && selected) {  // the app opens on the same country
      const url = new URL(link.getAttribute("href"), window.location.href);
      url.searchParams.set("country", selected);
      link.setAttribute("href", link.getAttribute("href").split("?")[0] + url.search);
    }
  }
  if (window.ResizeObserver) {
    new ResizeObserver(tellHeight).observe(document.documentElement);
  }
  window.addEventListener("load", tellHeight);
  tellHeight();
}());
