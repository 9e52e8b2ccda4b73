// The "connection lost - reload" banner of every kernel page served by toolkit serve.
// Runs before Voila's own script: it watches the page's kernel websocket (closed and not reopened,
// or the kernel reported dead or restarted), then shows .tk-connection-lost in the page's language.
// Text typed into the page's text fields is copied to sessionStorage from then on and put back
// into the same fields after the reload.
(function () {
  "use strict";
  var NativeWebSocket = window.WebSocket;
  if (!NativeWebSocket || window.tkConnectionWatch) { return; }
  var GRACE_MS = 2500;
  var DRAFTS = "tk-drafts:" + location.pathname + location.search;
  var open = 0, lost = false, timer = null;

  function text() {
    try { return JSON.parse(document.getElementById("tk-connection-text").textContent) || {}; }
    catch (e) { return {}; }
  }

  function pageLanguage(known) {
    var query = new URLSearchParams(location.search).get("lang");
    if (query && known[query]) { return query; }
    var active = document.querySelector(".tk-lang .mod-active, .tk-lang [aria-pressed='true']");
    var shown = active && active.textContent.trim().toLowerCase();
    if (shown && known[shown]) { return shown; }
    var doc = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
    if (doc && known[doc]) { return doc; }
    return known.nl ? "nl" : Object.keys(known)[0];
  }

  // A text field's name across reloads: the tk- classes of its nearest marked ancestor, and
  // its place among the fields with the same name.
  function fieldName(el) {
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      var marks = Array.prototype.filter.call(node.classList || [], function (c) { return c.indexOf("tk-") === 0; });
      if (marks.length) { return marks.sort().join("."); }
    }
    return el.tagName.toLowerCase();
  }

  function textFields() {
    var seen = {}, fields = [];
    document.querySelectorAll("textarea, input[type='text'], input:not([type])").forEach(function (el) {
      var name = fieldName(el);
      seen[name] = (seen[name] || 0) + 1;
      fields.push({ el: el, key: name + "#" + seen[name] });
    });
    return fields;
  }

  function saveDrafts() {
    var drafts = {};
    textFields().forEach(function (f) { if (f.el.value) { drafts[f.key] = f.el.value; } });
    try {
      if (Object.keys(drafts).length) { sessionStorage.setItem(DRAFTS, JSON.stringify(drafts)); }
    } catch (e) { /* storage full or disabled: the banner still shows */ }
  }

  // The widgets draw their fields after the page has loaded, and may set them to the kernel's
  // (empty) value once more while they start: fill a field when it is empty, and count a draft
  // as restored once it has stayed in place for a moment.
  function restoreDrafts() {
    var drafts;
    try { drafts = JSON.parse(sessionStorage.getItem(DRAFTS) || "null"); } catch (e) { drafts = null; }
    if (!drafts) { return; }
    sessionStorage.removeItem(DRAFTS);
    var steady = {}, tries = 0;
    var poll = setInterval(function () {
      textFields().forEach(function (f) {
        if (drafts[f.key] === undefined) { return; }
        if (f.el.value === drafts[f.key]) {
          steady[f.key] = (steady[f.key] || 0) + 1;
          if (steady[f.key] >= 3) { delete drafts[f.key]; }
        } else if (!f.el.value) {
          steady[f.key] = 0;
          f.el.value = drafts[f.key];
          f.el.dispatchEvent(new Event("input", { bubbles: true }));
          f.el.dispatchEvent(new Event("change", { bubbles: true }));
        } else {
          delete drafts[f.key];  // the field has other text now: leave it
        }
      });
      tries += 1;
      if (!Object.keys(drafts).length || tries > 120) { clearInterval(poll); }
    }, 500);
  }

  function showBanner() {
    if (lost) { return; }
    lost = true;
    saveDrafts();
    document.addEventListener("input", saveDrafts, true);
    var known = text(), lang = pageLanguage(known), words = known[lang] || {};
    var banner = document.createElement("div");
    banner.className = "tk-connection-lost";
    banner.setAttribute("role", "alert");
    banner.setAttribute("lang", lang);
    banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:10000;padding:.8em 1.2em;" +
      "background:#b3261e;color:#fff;font:15px/1.4 system-ui,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3)";
    var message = document.createElement("strong");
    message.className = "tk-connection-lost-text";
    message.textContent = words.lost || "";
    var drafts = document.createElement("div");
    drafts.textContent = words.drafts || "";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "tk-connection-reload";
    reload.textContent = words.reload || "";
    reload.style.cssText = "margin-top:.4em;padding:.3em .9em;font:inherit;cursor:pointer";
    reload.addEventListener("click", function () { saveDrafts(); location.reload(); });
    banner.appendChild(message);
    banner.appendChild(drafts);
    banner.appendChild(reload);
    (document.body || document.documentElement).appendChild(banner);
  }

  function isKernelSocket(url) { return /\/api\/kernels\/[^/]+\/channels/.test(String(url)); }

  // v1 frame: offsets, then channel, header, parent header, metadata, content.
  function kernelGone(data) {
    if (!(data instanceof ArrayBuffer) || data.byteLength < 56) { return false; }
    try {
      var view = new DataView(data), count = Number(view.getBigUint64(0, true));
      if (count < 6 || 8 * (count + 1) > data.byteLength) { return false; }
      var at = function (i) { return Number(view.getBigUint64(8 * (i + 1), true)); };
      var utf8 = new TextDecoder("utf-8");
      if (utf8.decode(data.slice(at(0), at(1))) !== "iopub") { return false; }
      var header = JSON.parse(utf8.decode(data.slice(at(1), at(2))));
      if (header.msg_type !== "status") { return false; }
      var state = JSON.parse(utf8.decode(data.slice(at(4), at(5)))).execution_state;
      return state === "dead" || state === "restarting" || state === "autorestarting";
    } catch (e) { return false; }
  }

  function Watched(url, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (isKernelSocket(url)) {
      var counted = false;
      socket.addEventListener("open", function () {
        counted = true;
        open += 1;
        clearTimeout(timer);
      });
      socket.addEventListener("message", function (event) { if (kernelGone(event.data)) { showBanner(); } });
      socket.addEventListener("close", function () {
        if (counted) { open -= 1; counted = false; }
        clearTimeout(timer);
        timer = setTimeout(function () { if (open === 0) { showBanner(); } }, GRACE_MS);
      });
    }
    return socket;
  }
  Watched.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { Watched[k] = NativeWebSocket[k]; });
  window.WebSocket = Watched;
  window.tkConnectionWatch = { show: showBanner };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreDrafts);
  } else {
    restoreDrafts();
  }
})();
