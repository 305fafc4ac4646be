/* Isolation Atlas: what both maps' modules (overview.js, travels.js) need to build their pages.
 * Every text from the data is set as textContent, never as markup. */
(function () {
  "use strict";

  /* A new TAG element with TEXT (as text) and class CLS, appended to PARENT if given. */
  function el(tag, parent, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  window.AtlasDom = {el: el};
})();
