// Suggestions as one types (ui.InputParams.Suggestions): the field becomes
// an ARIA 1.2 combobox whose list the server fills from /suggestions/{kind}.
// Without this script the field stays a plain text field that the server
// reads as a label or a code, so nothing depends on it.
(function () {
  "use strict";

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-suggestions");
    var several = input.hasAttribute("data-plusieurs");
    var timer = null;
    var active = -1;
    var asked = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var opts = options();
      if (!opts.length) {
        return;
      }
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) {
        o.setAttribute("aria-selected", j === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    // What is being typed: in a field of several entries, the text after
    // the last « ; ».
    function current() {
      var v = input.value;
      if (!several) {
        return { before: "", text: v };
      }
      var i = v.lastIndexOf(";");
      return { before: i < 0 ? "" : v.slice(0, i + 1) + " ", text: v.slice(i + 1) };
    }
    function choose(option) {
      var c = current();
      input.value = c.before + option.getAttribute("data-valeur") + (several ? " ; " : "");
      close();
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function fetchList() {
      var text = current().text.trim();
      if (text.length < 2) {
        close();
        return;
      }
      asked = text;
      // The values of the fields the list depends on (data-suggestions-avec).
      var avec = "";
      (input.getAttribute("data-suggestions-avec") || "").split(" ").forEach(function (name) {
        var field = name && input.form && input.form.elements[name];
        if (field) {
          avec += "&" + encodeURIComponent(name) + "=" + encodeURIComponent(field.value);
        }
      });
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text) + avec, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      })
        .then(function (r) {
          return r.ok ? r.text() : "";
        })
        .then(function (html) {
          if (asked !== text) {
            return; // an older answer
          }
          list.innerHTML = html;
          var opts = options();
          opts.forEach(function (o, j) {
            o.id = list.id + "-" + j;
            o.setAttribute("aria-selected", "false");
          });
          active = -1;
          list.hidden = opts.length === 0;
          input.setAttribute("aria-expanded", opts.length ? "true" : "false");
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchList, 200);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      if (e.key === "ArrowDown") {
        if (open) {
          highlight(active + 1);
        } else {
          fetchList();
        }
        e.preventDefault();
      } else if (e.key === "ArrowUp" && open) {
        highlight(active - 1);
        e.preventDefault();
      } else if (e.key === "Enter" && open && active >= 0) {
        choose(options()[active]);
        e.preventDefault();
      } else if (e.key === "Escape" && open) {
        close();
        e.preventDefault();
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150); // after a click on an option
    });
    list.addEventListener("mousedown", function (e) {
      var o = e.target.closest("[role=option]");
      if (o) {
        e.preventDefault();
        choose(o);
      }
    });
  }

  function init() {
    document.querySelectorAll("input[data-suggestions]").forEach(function (input) {
      if (!input.hasAttribute("role")) {
        setup(input);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Fields that htmx brings (a form swapped after a refusal).
  document.addEventListener("htmx:afterSettle", init);
})();
