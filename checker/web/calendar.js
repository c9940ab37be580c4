// An RFC 5545 calendar (.ics) of all-day events: CRLF line ends, lines folded at 75 octets,
// text values escaped, one UID and DTSTAMP per event.

const encoder = new TextEncoder();

function escapeText(text) {
  return String(text)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

// Fold a content line so that no line is longer than 75 octets (UTF-8), never inside a character.
function fold(line) {
  const out = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > limit) {
      out.push(current);
      current = " ";
      octets = 1;
      limit = 75;
    }
    current += character;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

function basicDate(iso) {
  return iso.replace(/-/g, "");
}

function nextDay(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + 1));
  return date.toISOString().slice(0, 10);
}

function stamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

// events: [{uid, date: "YYYY-MM-DD", summary, description, url?, alarm?: {days, description}}];
// an alarm fires `days` days before the (all-day) event starts.
function buildCalendar(events, { productId, now = new Date(), language = "en" }) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${productId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(event.date))}`,
      `SUMMARY;LANGUAGE=${language}:${escapeText(event.summary)}`,
      `DESCRIPTION;LANGUAGE=${language}:${escapeText(event.description)}`,
    );
    if (event.url) lines.push(`URL;VALUE=URI:${event.url}`);
    lines.push("TRANSP:TRANSPARENT");
    if (event.alarm) {
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:-P${event.alarm.days}D`,
        `DESCRIPTION;LANGUAGE=${language}:${escapeText(event.alarm.description)}`, "END:VALARM");
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

// A stable hexadecimal digest of a text (two 32-bit FNV-1a hashes): event UIDs that stay the same
// across rules versions for the same date and the same answers. Not for security.
function digest(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const byte of encoder.encode(text)) {
    a = Math.imul(a ^ byte, 0x01000193) >>> 0;
    b = Math.imul(b ^ byte, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

export { buildCalendar, escapeText, fold, digest };
