// The residents' chat page: plain JavaScript, no build step, no other site.
// Talks to the REST channel on the same origin; see bot/channels/page.py.
"use strict";

(function () {
  const REST_URL = "/webhooks/rest/webhook";
  const SENDER_KEY = "inngang.sender";
  const LANGUAGE_KEY = "inngang.language";
  // ?topic=... starts the conversation on a subject (QR posters link here).
  const TOPICS = {
    general: "/ask_offers",
    open_kindergarten: "/ask_open_kindergarten",
    application_evening: "/ask_application_help",
  };
  // Phone numbers in texts become tap-to-call links: 110/112/113, 116 xxx,
  // and eight-digit Norwegian numbers written in groups.
  const PHONE = /(?<![\d+])(?:11[023]|116 ?\d{3}|(?:\+47 ?)?\d{2} ?\d{2} ?\d{2} ?\d{2})(?!\d)/g;

  const $ = (id) => document.getElementById(id);
  const conversation = $("conversation");
  const input = $("message");
  const status = $("status");
  const retry = $("retry");
  let labels = {};
  let language = "nb";
  let busy = false;

  function newSender() {
    const id = "web-" + crypto.randomUUID();
    localStorage.setItem(SENDER_KEY, id);
    return id;
  }

  function sender() {
    const id = localStorage.getItem(SENDER_KEY);
    return id && /^web-[0-9a-f-]{36}$/.test(id) ? id : newSender();
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function withPhoneLinks(node, text) {
    let last = 0;
    for (const match of text.matchAll(PHONE)) {
      node.append(text.slice(last, match.index));
      const link = element("a", "", match[0]);
      link.href = "tel:" + match[0].replace(/\s/g, "");
      node.append(link);
      last = match.index + match[0].length;
    }
    node.append(text.slice(last));
    return node;
  }

  function spokenBy(node, who) {
    const label = element("span", "visually-hidden", (who === "user" ? labels.you_said : labels.assistant_said) + ": ");
    node.prepend(label);
    return node;
  }

  function addUserMessage(text) {
    conversation.append(spokenBy(element("p", "message user", text), "user"));
  }

  function choiceButtons(buttons) {
    const group = element("div", "choices");
    group.setAttribute("role", "group");
    for (const choice of buttons) {
      const button = element("button", "", choice.title);
      button.type = "button";
      button.addEventListener("click", () => {
        group.querySelectorAll("button").forEach((b) => { b.disabled = true; });
        send(choice.payload || choice.title, choice.title);
      });
      group.append(button);
    }
    return group;
  }

  function serviceCard(card) {
    const node = spokenBy(element("article", "card"), "bot");
    node.append(element("h3", "", card.title));
    if (card.note) node.append(element("p", "note", card.note));
    const list = element("dl");
    for (const field of card.fields || []) {
      if (!field.text) continue;
      list.append(element("dt", "", field.label));
      list.append(withPhoneLinks(element("dd"), field.text));
    }
    node.append(list);
    return node;
  }

  function crisisNumbers(crisis) {
    const node = spokenBy(element("section", "crisis"), "bot");
    node.setAttribute("role", "alert");
    const list = element("ul");
    for (const entry of crisis.numbers || []) {
      const link = element("a");
      link.href = "tel:" + entry.number.replace(/\s/g, "");
      link.append(element("span", "", entry.label), element("span", "number", entry.number));
      const item = element("li");
      item.append(link);
      list.append(item);
    }
    node.append(list);
    return node;
  }

  function icsDate(iso) {
    return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  }

  function icsText(value) {
    return String(value || "").replace(/[\\;,]/g, (c) => "\\" + c).replace(/\n/g, "\\n");
  }

  function calendarFile(booking) {
    const title = labels["calendar_" + booking.kind] || labels.calendar;
    const lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Inngang//chat//NB", "BEGIN:VEVENT",
      "UID:" + booking.code + "@inngang", "DTSTAMP:" + icsDate(new Date().toISOString()),
      "DTSTART:" + icsDate(booking.start), "DTEND:" + icsDate(booking.end || booking.start),
      "SUMMARY:" + icsText(title),
      "LOCATION:" + icsText([booking.place, booking.address].filter(Boolean).join(", ")),
      "DESCRIPTION:" + icsText(labels.code + ": " + booking.code),
      "END:VEVENT", "END:VCALENDAR",
    ];
    return new Blob([lines.join("\r\n") + "\r\n"], { type: "text/calendar" });
  }

  function bookingCard(booking) {
    const node = element("div", "booking");
    const link = element("a", "button", labels.calendar);
    link.href = URL.createObjectURL(calendarFile(booking));
    link.download = "inngang-" + booking.code + ".ics";
    node.append(link);
    return node;
  }

  const CUSTOM = { service_card: serviceCard, crisis: crisisNumbers, booking: bookingCard };

  // The crisis numbers come before the crisis text: they are what matters first.
  function crisisFirst(messages) {
    const ordered = messages.slice();
    for (let i = 1; i < ordered.length; i++) {
      const custom = ordered[i].custom;
      if (custom && custom.type === "crisis" && !ordered[i].text && ordered[i - 1].text) {
        [ordered[i - 1], ordered[i]] = [ordered[i], ordered[i - 1]];
      }
    }
    return ordered;
  }

  function addBotMessages(received) {
    const messages = crisisFirst(received);
    messages.forEach((message, index) => {
      const next = messages[index + 1];
      const card = message.custom && CUSTOM[message.custom.type];
      const type = card ? message.custom.type : null;
      // A service card carries the text of its message (live, the text comes
      // as the message before it; re-read from history, in the same one).
      const replacedByCard = next && next.custom && next.custom.type === "service_card" && !message.custom;
      if (type === "crisis") conversation.append(card(message.custom));
      if (message.text && !replacedByCard && type !== "service_card") {
        conversation.append(spokenBy(withPhoneLinks(element("p", "message bot"), message.text), "bot"));
      }
      if (card && type !== "crisis") conversation.append(card(message.custom));
      const buttons = message.buttons || (replacedByCard ? [] : null);
      if (replacedByCard && message.buttons) next.buttons = (next.buttons || []).concat(message.buttons);
      else if (buttons && buttons.length) conversation.append(choiceButtons(buttons));
    });
    conversation.lastElementChild && conversation.lastElementChild.scrollIntoView({ block: "end" });
  }

  function setStatus(text, offline) {
    status.textContent = text || "";
    status.classList.toggle("offline", Boolean(offline));
    retry.hidden = !offline;
  }

  async function post(text) {
    const response = await fetch(REST_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender(), message: text, metadata: { language: language } }),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  // Sends `text`; shows `shown` as what the resident said (null: nothing, for
  // a topic starter). On failure the typed text stays in the field.
  async function send(text, shown) {
    if (busy || !text.trim()) return;
    busy = true;
    $("send").disabled = true;
    setStatus(labels.waiting, false);
    try {
      const messages = await post(text);
      if (shown) addUserMessage(shown);
      if (shown === input.value) input.value = "";
      setStatus("", false);
      addBotMessages(messages);
    } catch (error) {
      if (shown && shown !== input.value && !input.value) input.value = shown;
      retry.dataset.text = text;
      retry.dataset.shown = shown || "";
      setStatus(labels.offline, true);
    } finally {
      busy = false;
      $("send").disabled = false;
      input.focus();
    }
  }

  function applyLabels(page) {
    labels = page.labels;
    language = page.language;
    document.documentElement.lang = page.language;
    document.documentElement.dir = page.direction;
    document.title = labels.page_title;
    $("heading").textContent = labels.heading;
    $("intro").textContent = labels.intro;
    withPhoneLinks($("emergency"), labels.emergency).normalize();
    $("language-label").textContent = labels.language_picker;
    $("conversation-label").textContent = labels.conversation;
    $("message-label").textContent = labels.placeholder;
    input.placeholder = labels.placeholder;
    $("send").textContent = labels.send;
    $("start-over").textContent = labels.start_over;
    retry.textContent = labels.retry;
    const picker = $("language");
    if (!picker.options.length) {
      for (const entry of page.languages) {
        const option = element("option", "", entry.name);
        option.value = entry.code;
        option.lang = entry.code;
        picker.append(option);
      }
    }
    picker.value = page.language;
  }

  async function loadLanguage(code) {
    const response = await fetch("/chat/labels/" + encodeURIComponent(code));
    const page = await response.json();
    $("emergency").textContent = "";
    applyLabels(page);
    localStorage.setItem(LANGUAGE_KEY, page.language);
  }

  async function loadHistory() {
    const response = await fetch("/chat/history/" + encodeURIComponent(sender()));
    if (!response.ok) return 0;
    const history = await response.json();
    let bot = [];
    for (const message of history.messages) {
      if (message.from === "user") {
        if (bot.length) addBotMessages(bot);
        bot = [];
        addUserMessage(message.text);
      } else {
        bot.push(message);
      }
    }
    if (bot.length) addBotMessages(bot);
    return history.messages.length;
  }

  async function start() {
    const params = new URLSearchParams(location.search);
    const wanted = params.get("lang") || localStorage.getItem(LANGUAGE_KEY) || navigator.language || "nb";
    try {
      await loadLanguage(wanted);
      const seen = await loadHistory();
      const topic = TOPICS[params.get("topic")];
      if (!seen && topic) await send(topic, null);
    } catch (error) {
      setStatus(labels.offline || "…", true);
    }
    input.focus();
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value, input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send(input.value, input.value);
    }
  });
  retry.addEventListener("click", () => send(retry.dataset.text || input.value, retry.dataset.shown || null));
  $("language").addEventListener("change", (event) => loadLanguage(event.target.value));
  $("start-over").addEventListener("click", () => {
    if (!confirm(labels.start_over_confirm)) return;
    newSender();
    conversation.querySelectorAll(":scope > :not(h2)").forEach((node) => node.remove());
    setStatus("", false);
    input.focus();
  });

  start();
})();
