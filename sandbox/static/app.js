// peerhours sandbox: the little JavaScript the page uses. Everything works
// without it (forms post, links navigate); with it the page updates live,
// times show in your own time zone, "/" in the message box lists commands,
// autocomplete options get suggestions and modals trap focus.
"use strict";

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // Times: <time class="when"> and <time class="ts" data-style> in the
  // reader's own zone and language.
  const fmt = {
    t: { hour: "2-digit", minute: "2-digit" },
    T: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
    d: { year: "numeric", month: "2-digit", day: "2-digit" },
    D: { year: "numeric", month: "long", day: "numeric" },
    f: { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" },
    F: { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" },
  };
  function relative(date) {
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    const secs = (date - Date.now()) / 1000;
    const abs = Math.abs(secs);
    if (abs < 45) return rtf.format(Math.round(secs), "second");
    if (abs < 2700) return rtf.format(Math.round(secs / 60), "minute");
    if (abs < 79200) return rtf.format(Math.round(secs / 3600), "hour");
    return rtf.format(Math.round(secs / 86400), "day");
  }
  function formatTimes(root) {
    $$("time.ts", root).forEach((el) => {
      const d = new Date(el.dateTime);
      if (isNaN(d)) return;
      const style = el.dataset.style || "f";
      el.textContent = style === "R" ? relative(d) : d.toLocaleString(undefined, fmt[style] || fmt.f);
      el.title = d.toLocaleString(undefined, fmt.F);
    });
    $$("time.when", root).forEach((el) => {
      const d = new Date(el.dateTime);
      if (isNaN(d)) return;
      const today = new Date().toDateString() === d.toDateString();
      el.textContent = (today ? "Today at " : d.toLocaleDateString() + " ") + d.toLocaleTimeString(undefined, fmt.t);
      el.title = d.toLocaleString(undefined, fmt.F);
    });
  }

  const log = $("#log");
  function nearBottom() {
    return !log || log.scrollHeight - log.scrollTop - log.clientHeight < 120;
  }
  function toBottom() {
    if (log) log.scrollTop = log.scrollHeight;
  }

  // Where to put focus after a navigation: the message the action produced
  // (#m-…), the message box (#composer), the command panel or the modal.
  function placeFocus() {
    const modal = $("#modal");
    if (modal) {
      try {
        modal.close();
        modal.showModal();
      } catch (e) { /* already modal */ }
      const first = $(".error", modal) ? $("input, textarea", modal) : $("input, textarea, select", modal);
      if (first) first.focus();
      modal.addEventListener("cancel", (ev) => {
        ev.preventDefault();
        location.href = modal.dataset.cancel;
      });
      return;
    }
    const panel = $("#panel");
    if (panel) {
      const err = $(".error", panel);
      const target = err ? $("[aria-invalid], input:not([type=hidden]), select, textarea", panel) : $("input:not([type=hidden]), select, textarea, .cmdlist a", panel);
      if (target) target.focus();
      panel.scrollIntoView({ block: "nearest" });
      toBottom();
      return;
    }
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash === "composer") {
      toBottom();
      const box = $("#composer-input");
      if (box && !box.disabled) box.focus();
      return;
    }
    const el = hash && document.getElementById(hash);
    if (el && el.classList.contains("msg-item")) {
      // The newest message sits at the bottom, as in a chat; an older one
      // is brought into view whole, or by its end (its buttons) when it is
      // taller than the log.
      if (!el.nextElementSibling) toBottom();
      else el.scrollIntoView({ block: log && el.offsetHeight > log.clientHeight ? "end" : "center" });
      el.focus({ preventScroll: true });
      return;
    }
    toBottom();
  }

  // Live updates: the server says something changed; fetch the page again
  // and bring in what differs, message by message, so the log announces
  // new messages only and focus stays where it was.
  let refreshing = false, again = false;
  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const res = await fetch(location.pathname + location.search, { headers: { "X-Sandbox-Live": "1" }, cache: "no-store" });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      apply(doc);
    } catch (e) {
      /* the next change retries */
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  }

  function replaceIfChanged(sel, doc) {
    const cur = $(sel), next = $(sel, doc);
    if (!cur || !next || cur.innerHTML === next.innerHTML) return;
    const focusedHref = document.activeElement && cur.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
    cur.innerHTML = next.innerHTML;
    if (focusedHref) {
      const again = $(`a[href="${CSS.escape(focusedHref)}"]`, cur);
      if (again) again.focus();
    }
  }

  function apply(doc) {
    replaceIfChanged("#channels", doc);
    replaceIfChanged("#channel-head", doc);
    replaceIfChanged("#devlink", doc);
    const list = $("#messages"), nextList = $("#messages", doc);
    if (list && nextList) {
      const stick = nearBottom();
      const active = document.activeElement;
      const activeItem = active && active.closest ? active.closest(".msg-item") : null;
      const activeKey = activeItem && active !== activeItem ? focusKey(active) : null;
      const old = new Map($$(":scope > .msg-item", list).map((li) => [li.id, li]));
      let added = 0;
      let prev = null;
      for (const li of $$(":scope > .msg-item", nextList)) {
        let cur = old.get(li.id);
        if (cur && cur.dataset.v !== li.dataset.v) {
          const keepOpen = $("details.more[open]", cur) !== null;
          const fresh = document.importNode(li, true);
          cur.replaceWith(fresh);
          if (keepOpen && $("details.more", fresh)) $("details.more", fresh).open = true;
          cur = fresh;
        } else if (!cur) {
          cur = document.importNode(li, true);
          added++;
        }
        old.delete(li.id);
        if (prev ? prev.nextElementSibling !== cur : list.firstElementChild !== cur) {
          if (prev) prev.after(cur); else list.prepend(cur);
        }
        prev = cur;
      }
      for (const li of old.values()) li.remove();
      const empty = $("#empty");
      if (empty && list.children.length) empty.remove();
      formatTimes(list);
      if (activeItem && !document.body.contains(active)) {
        const back = document.getElementById(activeItem.id);
        const inner = back && activeKey ? findByKey(back, activeKey) : null;
        (inner || back || log).focus({ preventScroll: true });
      }
      if (added && stick) toBottom();
    }
    // The message box follows permission changes (an office-hours channel
    // opening), without touching what is typed in it.
    const box = $("#composer-input"), nextBox = $("#composer-input", doc);
    if (box && nextBox && box.disabled !== nextBox.disabled) {
      box.disabled = nextBox.disabled;
      box.placeholder = nextBox.placeholder;
      const send = $("#send-form button[type=submit]");
      if (send) send.disabled = nextBox.disabled;
      const hint = $("#composer-hint"), nextHint = $("#composer-hint", doc);
      if (hint && nextHint) hint.innerHTML = nextHint.innerHTML;
      const label = $("label[for=composer-input]"), nextLabel = $("label[for=composer-input]", doc);
      if (label && nextLabel) label.textContent = nextLabel.textContent;
    }
  }
  function focusKey(el) {
    if (el.name && el.value) return `[name="${CSS.escape(el.name)}"][value="${CSS.escape(el.value)}"]`;
    if (el.tagName === "SUMMARY") return "summary";
    if (el.getAttribute("href")) return `[href="${CSS.escape(el.getAttribute("href"))}"]`;
    return null;
  }
  function findByKey(root, key) {
    try { return $(key, root); } catch (e) { return null; }
  }

  function listen() {
    const url = document.body.dataset.events;
    if (!url || !window.EventSource) return;
    const es = new EventSource(url);
    es.addEventListener("change", () => refresh());
    // What changed between this page's rendering and the stream's opening
    // (or while it was reconnecting) comes with one fetch.
    es.addEventListener("open", () => refresh());
  }

  // "/" in the message box: a list of commands to pick with the arrow keys.
  function commandPicker() {
    const box = $("#composer-input"), list = $("#cmd-list"), form = $("#send-form");
    if (!box || !list || !form) return;
    const status = $("#announce");
    let active = -1;
    const options = () => $$("li", list).filter((li) => !li.hidden);
    function close() {
      list.hidden = true;
      active = -1;
      box.removeAttribute("aria-activedescendant");
      box.setAttribute("aria-expanded", "false");
    }
    function highlight(i) {
      const opts = options();
      opts.forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
      active = i;
      if (opts[i]) {
        box.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      }
    }
    function update() {
      const v = box.value;
      if (!v.startsWith("/") || v.includes(" ") || v.includes("\n")) { close(); return; }
      const q = v.slice(1).toLowerCase();
      let n = 0;
      $$("li", list).forEach((li) => {
        li.hidden = !li.dataset.name.startsWith(q);
        if (!li.hidden) n++;
      });
      if (!n) { close(); status.textContent = "No command matches."; return; }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      highlight(0);
      status.textContent = `${n} ${n === 1 ? "command" : "commands"}; up and down arrows to choose, Enter to open.`;
    }
    box.setAttribute("aria-controls", "cmd-list");
    box.setAttribute("aria-expanded", "false");
    box.addEventListener("input", update);
    box.addEventListener("blur", () => setTimeout(close, 150));
    box.addEventListener("keydown", (ev) => {
      const open = !list.hidden;
      if (open && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
        ev.preventDefault();
        const n = options().length;
        highlight((active + (ev.key === "ArrowDown" ? 1 : n - 1)) % n);
      } else if (open && (ev.key === "Enter" || ev.key === "Tab") && active >= 0) {
        ev.preventDefault();
        location.href = options()[active].dataset.href;
      } else if (open && ev.key === "Escape") {
        ev.preventDefault();
        close();
      } else if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (box.value.trim()) form.requestSubmit();
      }
    });
    list.addEventListener("mousedown", (ev) => {
      const li = ev.target.closest("li");
      if (li) { ev.preventDefault(); location.href = li.dataset.href; }
    });
    // The message box grows with its text.
    const grow = () => { box.style.height = "auto"; box.style.height = Math.min(box.scrollHeight + 2, window.innerHeight * 0.4) + "px"; };
    box.addEventListener("input", grow);
  }

  // Autocomplete options ask the bot, as the Discord client does on every
  // keystroke, and fill the field's suggestion list.
  function autocomplete() {
    $$("input[data-autocomplete]").forEach((input) => {
      const form = input.form, list = document.getElementById(input.getAttribute("list"));
      if (!form || !list) return;
      let timer = null, seq = 0;
      const ask = async () => {
        const mine = ++seq;
        const params = new URLSearchParams(new FormData(form));
        params.set("focus", input.dataset.autocomplete);
        const base = form.action.replace(/\/run$/, "/autocomplete");
        try {
          const res = await fetch(`${base}?${params}`, { cache: "no-store" });
          const choices = await res.json();
          if (mine !== seq) return;
          list.replaceChildren(...choices.map((c) => {
            const o = document.createElement("option");
            o.value = c.value;
            if (c.name !== c.value) o.label = c.name;
            return o;
          }));
          const status = $("#announce");
          if (status && document.activeElement === input) status.textContent = choices.length ? `${choices.length} suggestions` : "No suggestions";
        } catch (e) { /* typing on retries */ }
      };
      input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 180); });
      input.addEventListener("focus", ask, { once: true });
    });
  }

  // Forms say what is missing before they are sent, in words, next to the
  // field (the browser's own bubbles are easy to miss with a screen reader).
  function validation() {
    $$("form[novalidate]").forEach((form) => {
      form.addEventListener("submit", (ev) => {
        let first = null;
        $$("input, select, textarea", form).forEach((el) => {
          if (el.type === "hidden") return;
          const ok = el.checkValidity();
          el.setAttribute("aria-invalid", ok ? "false" : "true");
          const hint = document.getElementById(el.id + "-desc");
          let msg = hint && hint.querySelector(".invalid");
          if (!ok) {
            if (!msg && hint) { msg = document.createElement("strong"); msg.className = "invalid error"; hint.prepend(msg); }
            if (msg) msg.textContent = el.validationMessage + " ";
            if (!first) first = el;
          } else if (msg) msg.remove();
        });
        if (first) { ev.preventDefault(); first.focus(); }
      });
    });
  }

  // Menus close with Escape and when focus leaves them.
  function menus() {
    document.addEventListener("keydown", (ev) => {
      if (ev.key !== "Escape") return;
      const open = document.activeElement && document.activeElement.closest("details.more[open]");
      if (open) { open.open = false; $("summary", open).focus(); }
    });
    document.addEventListener("focusin", (ev) => {
      $$("details.more[open]").forEach((d) => { if (!d.contains(ev.target)) d.open = false; });
    });
  }

  // Discord takes at most 2,000 characters a message: the box counts them
  // as the limit nears, and refuses to send past it (the server refuses
  // too, and gives the text back).
  function lengthLimit() {
    const box = $("#composer-input"), count = $("#composer-count"), form = $("#send-form");
    if (!box || !count || !form) return;
    const limit = Number(box.dataset.limit) || 2000;
    const fmt = (n) => n.toLocaleString("en-US");
    const over = () => [...box.value.trim()].length > limit;
    function update() {
      const n = [...box.value.trim()].length;
      count.hidden = n <= limit - 200;
      count.classList.toggle("over", n > limit);
      count.textContent = n > limit
        ? `${fmt(n)} of ${fmt(limit)} characters: shorten it by ${fmt(n - limit)} to send.`
        : `${fmt(n)} of ${fmt(limit)} characters.`;
      box.setAttribute("aria-invalid", n > limit ? "true" : "false");
    }
    box.addEventListener("input", update);
    form.addEventListener("submit", (ev) => {
      if (!over() || box.value.trim().startsWith("/")) return;
      ev.preventDefault();
      update();
      box.focus();
    });
    update();
  }

  formatTimes(document);
  setInterval(() => formatTimes(document), 30000);
  placeFocus();
  lengthLimit();
  commandPicker();
  autocomplete();
  validation();
  menus();
  listen();
})();
