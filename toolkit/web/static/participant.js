/* The participant page's one script: it enhances what already works without it.
   Forms post with fetch and apply the operations the server answers; a server-sent-events
   stream applies the room's changes (fragments the server rendered with the page's own
   templates); the countdown ticks; drafts survive reloads, refreshes and refused posts. */
(function () {
  "use strict";
  var root = document.documentElement;
  var main = document.getElementById("tk-main");
  if (!main || !window.fetch) { return; }
  var errorBox = document.querySelector(".tk-error");
  var offset = 0; // server clock minus this clock, in seconds
  var draftKey = "tk-draft:" + location.pathname;

  function data(name) { return main.getAttribute("data-" + name) || ""; }

  function showError(message) {
    if (!errorBox) { return; }
    errorBox.querySelector(".tk-error-text").textContent = message || "";
    errorBox.hidden = !message;
  }

  function fragment(html) {
    var box = document.createElement("template");
    box.innerHTML = html.trim();
    var node = box.content.firstElementChild;
    var csrf = data("csrf");
    node.querySelectorAll("input[name=csrf]").forEach(function (input) { input.value = csrf; });
    return node;
  }

  /* -- drafts: what is typed in an input form stays until the server took it -------------- */
  function draftFields() {
    return main.querySelectorAll("form[data-tk-op=add] textarea, form[data-tk-op=add] input[type=text]," +
                                 " form[data-tk-op=add] input[type=number], form[data-tk-op=add] select");
  }
  function loadDrafts() {
    try { return JSON.parse(sessionStorage.getItem(draftKey) || "{}"); } catch (e) { return {}; }
  }
  function saveDrafts() {
    // Only the fields on the page now: a draft of a form that is closed for the moment stays.
    var saved = loadDrafts();
    draftFields().forEach(function (el) {
      var key = data("phase") + ":" + el.name;
      if (el.value) { saved[key] = el.value; } else { delete saved[key]; }
    });
    try { sessionStorage.setItem(draftKey, JSON.stringify(saved)); } catch (e) { /* private mode */ }
  }
  function restoreDrafts() {
    var saved = loadDrafts();
    draftFields().forEach(function (el) {
      var value = saved[data("phase") + ":" + el.name];
      if (value && (!el.value || el.tagName === "SELECT")) { el.value = value; }
    });
  }

  /* -- the countdown, on the server's clock ---------------------------------------------- */
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var timer = main.querySelector(".tk-timer");
    if (!timer) { return; }
    var deadline = parseFloat(timer.getAttribute("data-deadline"));
    if (!deadline) { timer.textContent = ""; return; }
    var left = Math.round(deadline - (Date.now() / 1000 + offset));
    var text = left > 0 ? timer.getAttribute("data-left").replace("{time}", Math.floor(left / 60) + ":" + two(left % 60))
                        : timer.getAttribute("data-over");
    var span = timer.querySelector(".tk-timer-text");
    if (!span) {
      span = document.createElement("span");
      span.className = "tk-timer-text";
      timer.appendChild(span);
    }
    span.textContent = "\u23F1 " + text;
  }
  function syncClock(serverNow) { if (serverNow) { offset = serverNow - Date.now() / 1000; } }

  /* -- operations from the server ---------------------------------------------------------- */
  function notice() {
    var board = main.querySelector(".tk-board");
    var note = board && board.querySelector(".tk-board-notice[data-kind=empty]");
    if (note) { note.hidden = board.querySelector(".tk-note") !== null; }
  }
  function refOption(op, gone) {
    main.querySelectorAll("select[data-ref-phase]").forEach(function (select) {
      if (select.getAttribute("data-ref-phase") !== op.phase && !gone) { return; }
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(op.id); });
      if (gone) { if (option) { option.remove(); } return; }
      if (!option) {
        option = document.createElement("option");
        option.value = String(op.id);
        select.appendChild(option);
      }
      option.textContent = op.label;
    });
  }
  function upsert(op) {
    var board = main.querySelector(".tk-board");
    if (!board) { return; }
    refOption(op, false);
    var shown = board.getAttribute("data-phase");
    if (shown !== "*" && shown !== op.phase) { return; }
    var node = fragment(op.html);
    var old = document.getElementById("tk-note-" + op.id);
    if (old && old.querySelector("details[open]")) { // keep an edit in progress
      old.querySelector(".tk-note-text").replaceWith(node.querySelector(".tk-note-text"));
      old.querySelector(".tk-note-meta").replaceWith(node.querySelector(".tk-note-meta"));
    } else if (old) {
      old.replaceWith(node);
    } else {
      var group = null;
      board.querySelectorAll(".tk-board-group").forEach(function (g) {
        if (g.getAttribute("data-group") === op.group) { group = g; }
      });
      if (!group) { group = fragment(op.group_html); board.appendChild(group); }
      group.querySelector(".tk-cards").appendChild(node);
    }
    notice();
  }
  function remove(op) {
    var old = document.getElementById("tk-note-" + op.id);
    if (old) {
      var group = old.closest(".tk-board-group");
      old.remove();
      if (group && !group.querySelector(".tk-note")) { group.remove(); }
    }
    refOption(op, true);
    notice();
  }
  function apply(ops) {
    var focused = document.activeElement && document.activeElement.id;
    (ops || []).forEach(function (op) {
      if (op.op === "refresh") { refresh(); }
      else if (op.op === "note") { upsert(op); }
      else if (op.op === "gone") { remove(op); }
      else if (op.op === "timer") {
        var timer = main.querySelector(".tk-timer");
        if (timer) { timer.setAttribute("data-deadline", op.deadline || ""); }
        syncClock(op.now);
        tick();
      } else if (op.op === "html") {
        var target = main.querySelector(op.sel);
        if (target) { target.replaceWith(fragment(op.html)); }
      }
    });
    if (focused && document.activeElement === document.body) {
      var again = document.getElementById(focused);
      if (again) { again.focus(); }
    }
  }

  /* -- re-reading the page (steering events, a missed stretch of the feed) ------------------ */
  var refreshing = false;
  var refreshAgain = false;
  // Shows a participant page the server rendered (its main part, title and status line) in
  // place of this one; false when the text is no such page.
  function swapIn(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    var fresh = doc.getElementById("tk-main");
    if (!fresh || !fresh.getAttribute("data-live")) { return false; }
    var phaseBefore = data("phase");
    Array.prototype.forEach.call(fresh.attributes, function (a) { main.setAttribute(a.name, a.value); });
    // A message about the last phase's input, or about a lost connection, no longer applies.
    if (errorBox && (data("phase") !== phaseBefore ||
        errorBox.querySelector(".tk-error-text").textContent === data("offline"))) { showError(""); }
    main.innerHTML = fresh.innerHTML;
    document.title = doc.title;
    root.lang = doc.documentElement.lang || root.lang;
    var status = doc.querySelector(".tk-status");
    if (status) { document.querySelector(".tk-status").textContent = status.textContent; }
    syncClock(parseFloat(data("now")));
    restoreDrafts();
    tick();
    return true;
  }
  function refresh() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    saveDrafts();
    fetch(location.pathname + location.search, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var focused = document.activeElement && document.activeElement.id;
        if (!swapIn(text)) { location.reload(); return; }
        var again = focused && document.getElementById(focused);
        if (again) { again.focus(); }
      })
      .catch(function () { showError(data("offline")); })
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refresh(); }
      });
  }

  /* -- posting forms ----------------------------------------------------------------------- */
  function send(form, body, onRefused) {
    body.set("csrf", data("csrf"));
    var op = form.getAttribute("data-tk-op");
    var sent = {};
    form.querySelectorAll("textarea, input[type=text], input[type=number]").forEach(function (el) { sent[el.name] = el.value; });
    form.classList.add("tk-busy");
    return fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(body), credentials: "same-origin", headers: { "X-TK-Fetch": "1" },
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, error: data("unexpected") }; });
    }).then(function (answer) {
      if (!answer.ok) { showError(answer.error || data("unexpected")); if (onRefused) { onRefused(); } return; }
      showError("");
      if (op === "add") {
        // Clear only what is still as it was sent: text typed meanwhile stays.
        form.querySelectorAll("textarea, input[type=text], input[type=number]").forEach(function (el) {
          if (el.value === sent[el.name]) { el.value = ""; }
        });
        saveDrafts();
      }
      if (op === "edit") { var box = form.closest("details"); if (box) { box.open = false; } }
      if (op === "rate") { var status = main.querySelector(".tk-rating-status"); if (status) { status.textContent = data("saved"); } }
      apply(answer.ops);
    }).catch(function () {
      showError(data("offline"));
      if (onRefused) { onRefused(); }
    }).then(function () { form.classList.remove("tk-busy"); });
  }

  /* -- joining: the server answers with the participant's page, shown without a reload ------ */
  // The answer is the page as a first event ("joined"), and the same connection goes on as the
  // live channel; a server that answers JSON instead gets the channel opened next (connect).
  function join(form) {
    form.classList.add("tk-busy");
    fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { "X-TK-Fetch": "1", "Accept": "text/event-stream, application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("text/event-stream") === 0 && response.body && window.TextDecoder) {
        var shown = false;
        readEvents(response.body.getReader(), function (kind, text) {
          if (kind === "joined") { shown = true; joined(form, JSON.parse(text), true); } else { onLive(text); }
        }, function () {
          if (!shown) { location.reload(); return; } // joined (the cookie came first): the page reads it
          root.setAttribute("data-tk-live", "off");
          connect(); // the channel goes on from the version shown
        });
        return null;
      }
      return response.json().then(function (answer) { answer.status = response.status; return answer; });
    }).then(function (answer) {
      if (answer) { joined(form, answer, false); }
    }, function () { form.submit(); }); // no answer the script can read: the plain form post
  }
  function joined(form, answer, live) {
    form.classList.remove("tk-busy");
    // An expired form (403): the plain post brings a fresh one, with the message and what was typed.
    if (!answer.ok && answer.status === 403) { form.submit(); return; }
    if (!answer.ok) { showError(answer.error || ""); return; } // what was typed stays in the form
    history.replaceState(null, "", answer.url); // a reload reads the page, it does not post again
    if (!answer.page || !swapIn(answer.page)) { location.replace(answer.url); return; }
    if (live) { root.setAttribute("data-tk-live", "on"); } else { connect(); }
    var heading = main.querySelector("h1, h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }
  // Calls onEvent(type, data) for each server-sent event of a stream read by the script, then
  // onEnd() once, when the stream ends or breaks.
  function readEvents(reader, onEvent, onEnd) {
    var decoder = new TextDecoder();
    var buffer = "";
    var ended = false;
    function end() { if (!ended) { ended = true; onEnd(); } }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { end(); return null; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var at = buffer.indexOf("\n\n");
        while (at >= 0) {
          var kind = "message";
          var lines = [];
          buffer.slice(0, at).split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) { kind = line.slice(6).trim(); }
            if (line.indexOf("data:") === 0) { lines.push(line.slice(5).replace(/^ /, "")); }
          });
          buffer = buffer.slice(at + 2);
          if (lines.length) { onEvent(kind, lines.join("\n")); }
          at = buffer.indexOf("\n\n");
        }
        return pump();
      });
    }
    pump().catch(end);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("tk-join")) {
      event.preventDefault();
      if (!form.classList.contains("tk-busy")) { join(form); } // a second press while it posts joins once
      return;
    }
    if (!form.getAttribute || !form.getAttribute("data-tk-op")) { return; }
    event.preventDefault();
    send(form, new FormData(form));
  });

  // A score is saved as soon as it is chosen; a refused one goes back to the saved score.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.classList || !select.classList.contains("tk-rating-cell")) { return; }
    var form = select.form;
    var body = new FormData();
    ["lang", "phase", "row"].forEach(function (name) { body.set(name, form.elements[name].value); });
    body.set(select.name, select.value);
    var before = select.getAttribute("data-saved");
    if (before === null) { before = select.querySelector("option[selected]") ? select.querySelector("option[selected]").value : ""; }
    if (select.value === "") { return; }
    send(form, body, function () { select.value = before; }).then(function () {
      if (errorBox && errorBox.hidden) { select.setAttribute("data-saved", select.value); }
    });
  });

  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.getAttribute("data-tk-op") === "add") { saveDrafts(); }
  });

  /* -- the live channel ------------------------------------------------------------------- */
  function connect() {
    if (!data("live") || !window.EventSource) { return; }
    var source = new EventSource(data("live") + "&v=" + data("version"));
    source.onopen = function () { root.setAttribute("data-tk-live", "on"); };
    source.onerror = function () { root.setAttribute("data-tk-live", "off"); }; // it reconnects by itself
    source.onmessage = function (event) { onLive(event.data); };
  }
  function onLive(text) {
    var message = JSON.parse(text);
    main.setAttribute("data-version", message.v);
    // A page that shows more than a card at a time (the projector's counts) re-reads itself.
    var follow = data("follow") === "refresh" && (message.ops || []).some(function (op) { return op.op !== "timer"; });
    if (follow) { refresh(); } else { apply(message.ops); }
  }

  syncClock(parseFloat(data("now")));
  restoreDrafts();
  tick();
  setInterval(tick, 1000);
  connect();
}());
