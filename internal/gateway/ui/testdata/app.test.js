// Unit tests of app.js's pure parts (SSE parsing, the markdown renderer,
// URL checks), run with `node --test` by TestAppJSUnit. No dependencies.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const app = require(path.join(__dirname, '..', 'static', 'app.js'));

// ---- a minimal document: just what renderMarkdown calls ----

class El {
  constructor(tag) { this.tag = tag; this.attrs = {}; this.children = []; }
  appendChild(c) { this.children.push(c); return c; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
}
const doc = {
  createElement: (t) => new El(t),
  createTextNode: (s) => ({ text: String(s) }),
  createDocumentFragment: () => new El('#fragment'),
};

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function serialize(n) {
  if (n.text !== undefined) return esc(n.text);
  const inner = n.children.map(serialize).join('');
  if (n.tag === '#fragment') return inner;
  const attrs = Object.keys(n.attrs).sort().map((k) => ` ${k}="${esc(n.attrs[k])}"`).join('');
  return n.tag === 'br' ? `<br${attrs}>` : `<${n.tag}${attrs}>${inner}</${n.tag}>`;
}

const ALLOWED = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'a', 'br', 'h3', 'h4', 'blockquote']);

// checkSafe fails unless every element is an allowed tag with only safe attributes.
function checkSafe(n) {
  if (n.text !== undefined) return;
  if (n.tag !== '#fragment') {
    assert.ok(ALLOWED.has(n.tag), `tag <${n.tag}> created`);
    for (const [k, v] of Object.entries(n.attrs)) {
      if (k === 'href') assert.match(v, /^https?:\/\//, `href ${v}`);
      else if (k === 'rel') assert.equal(v, 'noopener noreferrer nofollow');
      else if (k === 'target') assert.equal(v, '_blank');
      else if (k === 'start') assert.match(v, /^\d+$/);
      else assert.fail(`attribute ${k}="${v}" on <${n.tag}>`);
    }
  }
  n.children.forEach(checkSafe);
}

const md = (s) => {
  const f = app.renderMarkdown(s, doc);
  checkSafe(f);
  return serialize(f);
};

// ---- markdown ----

test('markdown: paragraphs, bold, italic, code, line breaks', () => {
  assert.equal(md('Hello **world** and *you*\nnext line\n\nSecond `a<b>` para'),
    '<p>Hello <strong>world</strong> and <em>you</em><br>next line</p><p>Second <code>a&lt;b&gt;</code> para</p>');
  assert.equal(md('__strong__ _em_ snake_case_name'), '<p><strong>strong</strong> <em>em</em> snake_case_name</p>');
  assert.equal(md('2 * 3 * 4'), '<p>2 * 3 * 4</p>');
});

test('markdown: lists, ordered with start, headings, quotes, fences', () => {
  assert.equal(md('- one\n- **two**\n  more\n\n3. three\n4. four'),
    '<ul><li>one</li><li><strong>two</strong><br>more</li></ul><ol start="3"><li>three</li><li>four</li></ol>');
  assert.equal(md('# Title\n### Sub'), '<h3>Title</h3><h4>Sub</h4>');
  assert.equal(md('> quoted'), '<blockquote><p>quoted</p></blockquote>');
  assert.equal(md('```html\n<script>alert(1)</script>\n```'), '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>');
});

test('markdown: HTML in a document stays text', () => {
  for (const s of ['<img src=x onerror=alert(1)>', '<iframe src="https://evil.example/"></iframe>',
    '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>']) {
    const out = md(s); // checkSafe: no element but p and an http(s) a
    assert.ok(out.startsWith(`<p>${esc(s.slice(0, 8))}`), out);
  }
});

test('markdown: only http and https links are links', () => {
  assert.equal(md('[doc](https://docs.example.com/a?b=1)'),
    '<p><a href="https://docs.example.com/a?b=1" rel="noopener noreferrer nofollow" target="_blank">doc</a></p>');
  for (const u of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)', '//evil.example/x', '/logout', 'java%0ascript:alert(1)', 'file:///etc/passwd']) {
    const out = md(`[click](${u})`);
    assert.equal(out, '<p>click</p>', u);
  }
  assert.equal(md('<javascript:alert(1)>'), '<p>&lt;javascript:alert(1)&gt;</p>');
  assert.equal(md('<https://ok.example/>'),
    '<p><a href="https://ok.example/" rel="noopener noreferrer nofollow" target="_blank">https://ok.example/</a></p>');
  assert.equal(md('see https://ok.example/page.'),
    '<p>see <a href="https://ok.example/page" rel="noopener noreferrer nofollow" target="_blank">https://ok.example/page</a>.</p>');
  assert.equal(md('**[x](javascript:alert(1))**'), '<p><strong>x</strong></p>');
  assert.equal(md('[wiki](https://en.example.org/wiki/A_(b))'),
    '<p><a href="https://en.example.org/wiki/A_(b)" rel="noopener noreferrer nofollow" target="_blank">wiki</a></p>');
});

test('toDOM: a node outside the allow-list is only its children', () => {
  const frag = app.toDOM([
    { tag: 'script', children: ['alert(1)'] },
    { tag: 'a', href: 'javascript:alert(1)', children: ['x'] },
    { tag: 'iframe', children: [] },
    { tag: 'ol', start: 'x" onload="y', children: [] },
  ], doc, doc.createDocumentFragment());
  checkSafe(frag);
  assert.equal(serialize(frag), 'alert(1)x<ol></ol>');
});

// ---- URLs ----

test('safeURL', () => {
  assert.equal(app.safeURL('https://a.example/x'), 'https://a.example/x');
  assert.equal(app.safeURL('  HTTP://a.example '), 'http://a.example/');
  for (const u of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x',
    'vbscript:x', '//a.example', '/x', 'https:/x', 'ftp://a.example', '', null, undefined, 42]) {
    assert.equal(app.safeURL(u), null, String(u));
  }
});

// ---- server-sent events ----

function parseAll(chunks) {
  const events = [];
  const p = app.createSSEParser((e) => events.push(e));
  chunks.forEach((c) => p.push(c));
  p.end();
  return events;
}

const STREAM = 'event: text\ndata: "Hello, "\n\n: a comment\n\nevent: text\r\ndata: "wor\\nld"\r\n\r\n' +
  'event: done\rdata: {"conversationId":"c1","systemMessageId":"m1","answer":"Hello, wor\\nld","sources":[]}\r\r';
const WANT = [
  { event: 'text', data: '"Hello, "' },
  { event: 'text', data: '"wor\\nld"' },
  { event: 'done', data: '{"conversationId":"c1","systemMessageId":"m1","answer":"Hello, wor\\nld","sources":[]}' },
];

test('SSE: frames, comments, every line ending', () => {
  assert.deepEqual(parseAll([STREAM]), WANT);
});

test('SSE: the same frames however the stream is cut', () => {
  for (let i = 0; i <= STREAM.length; i++) {
    assert.deepEqual(parseAll([STREAM.slice(0, i), STREAM.slice(i)]), WANT, `cut at ${i}`);
  }
  assert.deepEqual(parseAll(STREAM.split('')), WANT, 'one character at a time');
});

test('SSE: multi-line data, no space after the colon, default name, incomplete end', () => {
  assert.deepEqual(parseAll(['data:a\ndata: b\n\n']), [{ event: 'message', data: 'a\nb' }]);
  assert.deepEqual(parseAll(['event: text\n\n']), [], 'a frame without data is not an event');
  assert.deepEqual(parseAll(['event: text\ndata: "cut']), [], 'an unfinished frame is dropped');
  assert.deepEqual(parseAll(['retry: 5\nid: 3\nevent: x\ndata: y\n\n']), [{ event: 'x', data: 'y' }]);
});

test('SSE: a text chunk cannot forge a frame', () => {
  const chunk = 'x\n\nevent: done\ndata: {}';
  const ev = parseAll([`event: text\ndata: ${JSON.stringify(chunk)}\n\n`]);
  assert.equal(ev.length, 1);
  assert.equal(app.frameText(ev[0].data), chunk);
});

test('frameText', () => {
  assert.equal(app.frameText('"a \\"b\\""'), 'a "b"');
  assert.equal(app.frameText('{"text":"t"}'), 't');
  assert.equal(app.frameText('plain words'), 'plain words');
});

// ---- messages ----

test('describeStatus: what a person is told', () => {
  assert.match(app.describeStatus(401, 'ignored'), /session ended — sign in again/);
  assert.equal(app.describeStatus(503, 'Your access to Q Business is still being set up. Try again in a minute.'),
    'Your access to Q Business is still being set up. Try again in a minute.');
  assert.match(app.describeStatus(503), /Try again in a minute/);
  assert.match(app.describeStatus(429), /Wait a little/);
  assert.match(app.describeStatus(500), /error 500/);
});
