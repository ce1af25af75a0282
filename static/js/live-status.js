// Progress pages (an export, an annual report) update themselves without reloading the page:
// every few seconds the region marked data-poll="<seconds>" is fetched again and swapped in
// place. Focus and reading position stay where they are (a timed reload would move both, WCAG
// 2.2.1), and screen readers hear the change through the region's aria-live. Without script, the
// page keeps its link to refresh by hand.
(function () {
  "use strict";

  function poll(region) {
    var seconds = Number(region.getAttribute("data-poll")) || 3;
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (!fresh) {
            return;
          }
          if (fresh.innerHTML !== region.innerHTML) {
            region.innerHTML = fresh.innerHTML;
          }
          if (fresh.hasAttribute("data-poll")) {
            poll(region);
          } else {
            region.removeAttribute("data-poll");
          }
        })
        .catch(function () {
          poll(region);
        });
    }, seconds * 1000);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-poll]"), poll);
})();
