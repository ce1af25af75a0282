// Diary form: the concern text field is shown only once "something worried me" is ticked.
// Without JavaScript the field simply stays visible.
(function () {
  "use strict";
  var box = document.getElementById("id_sorge");
  var text = document.getElementById("id_sorge_text");
  if (!box || !text) { return; }
  var field = text.closest(".field");
  if (!field) { return; }
  function sync() { field.hidden = !box.checked; }
  box.addEventListener("change", sync);
  sync();
}());
