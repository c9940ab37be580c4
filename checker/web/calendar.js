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

// events: [{uid, date: "YYYY-MM-DD", summary, description, url?}]
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
    lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

export { buildCalendar, escapeText, fold };
