/*
 * qbiz chat: the browser side of the gateway's chat page. No dependencies,
 * no build step.
 *
 * Stable selectors (browser tests rely on them; keep them):
 *   #message                  the message box (textarea)
 *   #send                     the send button
 *   #stop                     stops the answer being streamed
 *   .answer                   an answer; the one streaming has aria-busy="true" until done
 *   .citation a               a citation link ([1], [2]…; http/https sources only)
 *   #conversations li         one conversation of the list (data-id = its id)
 *   #conversations li .open   resumes it; .delete deletes it after a confirm
 *   #new-conversation         starts a new conversation
 *   #signout                  the sign-out button
 *   #whoami                   who is signed in (name, email, IdP)
 *   .feedback-useful          thumbs up on an answer
 *   .feedback-not-useful      thumbs down on an answer
 *   #error                    the error banner
 *   #expiry                   the session-expiry banner
 *
 * Safety rules: text from the network reaches the page only as text nodes
 * or through renderMarkdown, which creates elements from a fixed list of
 * tags and sets no attribute but an http(s) href (and an ol's start).
 * Nothing is kept in web storage.
 */
(function () {
  'use strict';

  // ---- server-sent events ------------------------------------------------

  // createSSEParser returns a parser of a text/event-stream body fed in
  // chunks of any size; onEvent gets {event, data} for every complete frame.
  // An incomplete frame at the end of the stream is dropped, as the
  // EventSource specification says.
  function createSSEParser(onEvent) {
    var buf = '';
    var name = '';
    var data = [];
    var lineBreak = /\r\n|\r|\n/g;

    function line(l) {
      if (l === '') {
        if (data.length > 0) {
          onEvent({ event: name || 'message', data: data.join('\n') });
        }
        name = '';
        data = [];
        return;
      }
      if (l.charAt(0) === ':') {
        return;
      }
      var i = l.indexOf(':');
      var field = i < 0 ? l : l.slice(0, i);
      var value = i < 0 ? '' : l.slice(i + 1);
      if (value.charAt(0) === ' ') {
        value = value.slice(1);
      }
      if (field === 'event') {
        name = value;
      } else if (field === 'data') {
        data.push(value);
      }
    }

    return {
      push: function (chunk) {
        buf += chunk;
        var last = 0;
        var m;
        lineBreak.lastIndex = 0;
        while ((m = lineBreak.exec(buf)) !== null) {
          if (m[0] === '\r' && m.index === buf.length - 1) {
            break; // a "\n" may follow in the next chunk
          }
          line(buf.slice(last, m.index));
          last = lineBreak.lastIndex;
        }
        buf = buf.slice(last);
      },
      end: function () {
        if (buf.charAt(buf.length - 1) === '\r') {
          line(buf.slice(0, -1)); // the stream ended right after a CR
        }
        buf = '';
        name = '';
        data = [];
      }
    };
  }

  // frameText is the answer chunk of a text frame: its data is a JSON
  // string; anything else is shown as it came, as text.
  function frameText(data) {
    try {
      var v = JSON.parse(data);
      if (typeof v === 'string') {
        return v;
      }
      if (v && typeof v.text === 'string') {
        return v.text;
      }
    } catch (e) {
      // not JSON: the raw line is the text
    }
    return data;
  }

  // ---- links --------------------------------------------------------------

  // safeURL is u when it is an absolute http or https URL, else null:
  // javascript:, data:, vbscript:, relative and malformed URLs are not links.
  function safeURL(u) {
    if (typeof u !== 'string') {
      return null;
    }
    var s = u.trim();
    if (!/^https?:\/\/[^\s]/i.test(s)) {
      return null;
    }
    var url;
    try {
      url = new URL(s);
    } catch (e) {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return null;
    }
    return url.href;
  }

  // ---- markdown -------------------------------------------------------------
  // A node is a string (text) or {tag, children, href?, start?}. Only the
  // tags in ALLOWED are ever created.

  var ALLOWED = {
    p: true, ul: true, ol: true, li: true, strong: true, em: true, code: true,
    pre: true, a: true, br: true, h3: true, h4: true, blockquote: true
  };

  var FENCE = /^\s{0,3}(```|~~~)/;
  var HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
  var BULLET = /^\s*[-*+]\s+(.*)$/;
  var NUMBERED = /^\s*(\d{1,9})[.)]\s+(.*)$/;
  var QUOTE = /^\s{0,3}>\s?(.*)$/;

  function isBlockStart(l) {
    return FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || QUOTE.test(l);
  }

  // parseMarkdown turns src into a list of block nodes.
  function parseMarkdown(src) {
    var lines = String(src).replace(/\r\n?/g, '\n').split('\n');
    var out = [];
    var i = 0;
    while (i < lines.length) {
      var l = lines[i];
      var m;
      if (l.trim() === '') {
        i++;
      } else if ((m = FENCE.exec(l)) !== null) {
        var fence = m[1];
        var code = [];
        i++;
        while (i < lines.length && lines[i].trim().indexOf(fence) !== 0) {
          code.push(lines[i]);
          i++;
        }
        i++; // the closing fence
        out.push({ tag: 'pre', children: [{ tag: 'code', children: [code.join('\n')] }] });
      } else if ((m = HEADING.exec(l)) !== null) {
        out.push({ tag: m[1].length <= 2 ? 'h3' : 'h4', children: parseInline(m[2]) });
        i++;
      } else if (BULLET.test(l) || NUMBERED.test(l)) {
        i = parseList(lines, i, out);
      } else if (QUOTE.test(l)) {
        var quoted = [];
        while (i < lines.length && (m = QUOTE.exec(lines[i])) !== null) {
          quoted.push(m[1]);
          i++;
        }
        out.push({ tag: 'blockquote', children: parseMarkdown(quoted.join('\n')) });
      } else {
        var para = [];
        while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !isBlockStart(lines[i]))) {
          para.push(lines[i].trim());
          i++;
        }
        out.push({ tag: 'p', children: parseInline(para.join('\n')) });
      }
    }
    return out;
  }

  // parseList reads the list starting at lines[i] into out and returns the
  // index after it. Nested items are flattened into the one list.
  function parseList(lines, i, out) {
    var first = NUMBERED.exec(lines[i]);
    var ordered = first !== null;
    var kind = ordered ? NUMBERED : BULLET;
    var node = { tag: ordered ? 'ol' : 'ul', children: [] };
    if (ordered && first[1] !== '1') {
      node.start = parseInt(first[1], 10);
    }
    var item = null;
    while (i < lines.length) {
      var l = lines[i];
      var m = kind.exec(l);
      if (m !== null) {
        item = [ordered ? m[2] : m[1]];
        node.children.push(item);
      } else if (l.trim() !== '' && /^\s/.test(l) && !FENCE.test(l)) {
        item.push(l.trim()); // a continuation line of the item
      } else {
        break;
      }
      i++;
    }
    node.children = node.children.map(function (text) {
      return { tag: 'li', children: parseInline(text.join('\n')) };
    });
    out.push(node);
    return i;
  }

  var LINK = /^\[([^\]\n]*)\]\(\s*((?:[^\s()]|\([^\s()]*\))*)(?:\s+"[^"\n]*")?\s*\)/;
  var AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/;
  var BARE_URL = /^https?:\/\/[^\s<>()"']*[^\s<>()"'.,;:!?]/;
  var ESCAPABLE = '\\`*_{}[]()#+-.!<>"\'';

  // parseInline turns text into inline nodes: **bold**, *italic*, `code`,
  // [links](http://…), <http://…>, bare http(s) URLs and line breaks.
  // Everything else, HTML included, stays text.
  function parseInline(text) {
    var out = [];
    var buf = '';
    var i = 0;
    function flush() {
      if (buf !== '') {
        out.push(buf);
        buf = '';
      }
    }
    function push(node) {
      flush();
      out.push(node);
    }
    while (i < text.length) {
      var c = text.charAt(i);
      var rest = text.slice(i);
      var m;
      var end;
      if (c === '\\' && i + 1 < text.length && ESCAPABLE.indexOf(text.charAt(i + 1)) >= 0) {
        buf += text.charAt(i + 1);
        i += 2;
      } else if (c === '\n') {
        push({ tag: 'br', children: [] });
        i++;
      } else if (c === '`' && (end = text.indexOf('`', i + 1)) > i + 1) {
        push({ tag: 'code', children: [text.slice(i + 1, end)] });
        i = end + 1;
      } else if ((rest.indexOf('**') === 0 || rest.indexOf('__') === 0) &&
                 (end = closing(text, i + 2, rest.slice(0, 2))) > 0) {
        push({ tag: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
      } else if ((c === '*' || (c === '_' && !wordChar(text.charAt(i - 1)))) &&
                 (end = closing(text, i + 1, c)) > 0 && (c === '*' || !wordChar(text.charAt(end + 1)))) {
        push({ tag: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
      } else if (c === '[' && (m = LINK.exec(rest)) !== null) {
        var label = parseInline(m[1]);
        var href = safeURL(m[2]);
        if (href !== null) {
          push({ tag: 'a', href: href, children: label.length ? label : [href] });
        } else {
          flush();
          out.push.apply(out, label); // an unsafe link is only its label
        }
        i += m[0].length;
      } else if (c === '<' && (m = AUTOLINK.exec(rest)) !== null) {
        var auto = safeURL(m[1]);
        if (auto !== null) {
          push({ tag: 'a', href: auto, children: [m[1]] });
        } else {
          buf += m[0];
        }
        i += m[0].length;
      } else if ((c === 'h' || c === 'H') && !wordChar(text.charAt(i - 1)) && (m = BARE_URL.exec(rest)) !== null &&
                 safeURL(m[0]) !== null) {
        push({ tag: 'a', href: safeURL(m[0]), children: [m[0]] });
        i += m[0].length;
      } else {
        buf += c;
        i++;
      }
    }
    flush();
    return out;
  }

  // closing is the index of the delimiter d closing an emphasis opened just
  // before from, or -1: the emphasis must hold something and not start or
  // end with a space.
  function closing(text, from, d) {
    if (from >= text.length || /\s/.test(text.charAt(from))) {
      return -1;
    }
    var at = from;
    while ((at = text.indexOf(d, at)) >= 0) {
      if (at > from && !/\s/.test(text.charAt(at - 1))) {
        if (d.length === 1 && text.charAt(at + 1) === d) {
          at += 2; // part of a double delimiter
          continue;
        }
        return at;
      }
      at += d.length;
    }
    return -1;
  }

  function wordChar(c) {
    return c !== '' && /[A-Za-z0-9_]/.test(c);
  }

  // toDOM builds the nodes with doc's createElement and createTextNode.
  function toDOM(nodes, doc, parent) {
    nodes.forEach(function (n) {
      if (typeof n === 'string') {
        parent.appendChild(doc.createTextNode(n));
        return;
      }
      if (!ALLOWED[n.tag]) {
        toDOM(n.children || [], doc, parent);
        return;
      }
      var el = doc.createElement(n.tag);
      if (n.tag === 'a') {
        var href = safeURL(n.href);
        if (href === null) {
          toDOM(n.children || [], doc, parent);
          return;
        }
        el.setAttribute('href', href);
        el.setAttribute('rel', 'noopener noreferrer nofollow');
        el.setAttribute('target', '_blank');
      }
      if (n.tag === 'ol' && typeof n.start === 'number' && isFinite(n.start)) {
        el.setAttribute('start', String(n.start));
      }
      toDOM(n.children || [], doc, el);
      parent.appendChild(el);
    });
    return parent;
  }

  // renderMarkdown is src rendered as a DocumentFragment of doc.
  function renderMarkdown(src, doc) {
    return toDOM(parseMarkdown(src), doc, doc.createDocumentFragment());
  }

  // ---- messages a person understands ---------------------------------------

  var SESSION_ENDED = 'Your session ended — sign in again.';

  function networkMessage() {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      return 'You are offline. Check your connection, then try again.';
    }
    return 'The gateway cannot be reached. Check your connection, then try again in a minute.';
  }

  // describeStatus is what to tell the person about an HTTP failure; the
  // gateway's own message (JSON {message}) is preferred.
  function describeStatus(status, serverMessage) {
    if (status === 401) {
      return SESSION_ENDED;
    }
    if (typeof serverMessage === 'string' && serverMessage.trim() !== '' && serverMessage.length <= 500) {
      return serverMessage;
    }
    switch (status) {
      case 403: return 'The gateway refused this request. Reload the page and try again.';
      case 404: return 'That conversation no longer exists.';
      case 413: return 'The message is too long. Shorten it and try again.';
      case 429: return 'Too many requests right now. Wait a little, then try again.';
      case 502:
      case 503:
      case 504: return 'The service is not available right now. Try again in a minute.';
      default: return 'Something went wrong (error ' + status + '). Try again; if it keeps happening, tell your administrator.';
    }
  }

  // ---- the page ------------------------------------------------------------

  function start(doc, win) {
    var $ = function (id) { return doc.getElementById(id); };
    var csrfMeta = doc.querySelector('meta[name="csrf-token"]');
    var expiresMeta = doc.querySelector('meta[name="session-expires"]');
    var els = {
      message: $('message'), send: $('send'), stop: $('stop'), composer: $('composer'),
      messages: $('messages'), empty: $('empty'), list: $('conversations'), listStatus: $('conversations-status'),
      newConversation: $('new-conversation'), signout: $('signout'), whoami: $('whoami'),
      error: $('error'), expiry: $('expiry'), sidebar: $('sidebar'), toggle: $('toggle-conversations')
    };
    var state = {
      csrf: csrfMeta ? csrfMeta.getAttribute('content') : '',
      expires: expiresMeta ? Date.parse(expiresMeta.getAttribute('content')) : NaN,
      conversationId: '',
      stream: null, // the AbortController of the answer being streamed
      ended: false,
      renderPending: false
    };

    // A page restored from the back-forward cache (after sign-out, say)
    // is fetched again, so it shows only what the server says now.
    win.addEventListener('pageshow', function (e) {
      if (e.persisted) {
        win.location.reload();
      }
    });

    // -- banners

    var errorText = els.error.querySelector('.banner-text');
    var dismiss = doc.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'banner-close';
    dismiss.setAttribute('aria-label', 'Dismiss');
    dismiss.textContent = '×';
    dismiss.addEventListener('click', hideError);
    els.error.appendChild(dismiss);

    function showError(msg) {
      errorText.textContent = msg;
      els.error.hidden = false;
    }
    function hideError() {
      els.error.hidden = true;
      errorText.textContent = '';
    }

    function sessionEnded() {
      state.ended = true;
      els.expiry.querySelector('.banner-text').textContent = SESSION_ENDED;
      els.expiry.hidden = false;
      els.expiry.setAttribute('role', 'alert');
      els.send.disabled = true;
      hideError();
    }

    function checkExpiry() {
      if (state.ended || isNaN(state.expires)) {
        return;
      }
      var left = state.expires - Date.now();
      if (left <= 0) {
        sessionEnded();
        return;
      }
      if (left <= 5 * 60 * 1000) {
        var min = Math.max(1, Math.ceil(left / 60000));
        els.expiry.querySelector('.banner-text').textContent =
          'Your session ends in ' + (min === 1 ? 'less than a minute' : min + ' minutes') +
          '. Sign in again to keep chatting.';
        els.expiry.hidden = false;
      } else {
        els.expiry.hidden = true;
      }
    }

    // -- requests

    // request is fetch with the session's CSRF token on every unsafe
    // method; it resolves to the response, or rejects with an Error whose
    // message is for the person.
    function request(method, path, body, signal) {
      var headers = { 'Accept': 'application/json' };
      var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store', signal: signal };
      if (method !== 'GET') {
        headers['Content-Type'] = 'application/json';
        headers['X-CSRF-Token'] = state.csrf;
        init.body = JSON.stringify(body || {});
      }
      return win.fetch(path, init).then(function (resp) {
        if (resp.ok) {
          return resp;
        }
        if (resp.status === 401) {
          sessionEnded();
        }
        return resp.json().catch(function () { return {}; }).then(function (j) {
          var err = new Error(describeStatus(resp.status, j && j.message));
          err.status = resp.status;
          throw err;
        });
      }, function (e) {
        if (e && e.name === 'AbortError') {
          throw e;
        }
        throw new Error(networkMessage());
      });
    }

    function report(e) {
      if (e && e.name === 'AbortError') {
        return;
      }
      if (e && e.status === 401) {
        return; // the expiry banner says it
      }
      showError(e && e.message ? e.message : networkMessage());
    }

    function getJSON(path) {
      return request('GET', path).then(function (r) { return r.json(); });
    }

    // -- who am I and when the session ends

    getJSON('/api/me').then(function (me) {
      var t = Date.parse(me.expires);
      if (!isNaN(t)) {
        state.expires = t;
        checkExpiry();
      }
      if (els.whoami.textContent.trim() === '') {
        els.whoami.textContent = 'Signed in as ' + (me.name || me.email || 'you') + (me.idp ? ' via ' + me.idp : '');
      }
    }).catch(report);
    checkExpiry();
    win.setInterval(checkExpiry, 15000);

    // -- conversation list

    function loadConversations() {
      return getJSON('/api/conversations').then(function (j) {
        var list = (j && Array.isArray(j.conversations)) ? j.conversations : [];
        els.list.replaceChildren();
        list.forEach(function (c) {
          if (c && typeof c.conversationId === 'string') {
            els.list.appendChild(conversationItem(c));
          }
        });
        els.listStatus.textContent = list.length ? '' : 'No conversations yet.';
        els.listStatus.hidden = list.length > 0;
        markCurrent();
      }).catch(function (e) {
        els.listStatus.textContent = 'The conversations could not be loaded.';
        els.listStatus.hidden = false;
        report(e);
      });
    }

    function conversationItem(c) {
      var title = typeof c.title === 'string' && c.title.trim() !== '' ? c.title : 'Untitled conversation';
      var li = doc.createElement('li');
      li.dataset.id = c.conversationId;
      var open = doc.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.textContent = title;
      var when = Date.parse(c.startTime);
      if (!isNaN(when)) {
        var small = doc.createElement('span');
        small.className = 'when';
        small.textContent = new Date(when).toLocaleString();
        open.appendChild(small);
      }
      open.addEventListener('click', function () { openConversation(c.conversationId); });
      var del = doc.createElement('button');
      del.type = 'button';
      del.className = 'delete';
      del.setAttribute('aria-label', 'Delete conversation: ' + title);
      del.textContent = 'Delete';
      del.addEventListener('click', function () { deleteConversation(c.conversationId, title, li); });
      li.appendChild(open);
      li.appendChild(del);
      return li;
    }

    function markCurrent() {
      Array.prototype.forEach.call(els.list.children, function (li) {
        var cur = li.dataset.id === state.conversationId && state.conversationId !== '';
        li.classList.toggle('current', cur);
        var b = li.querySelector('.open');
        if (cur) {
          b.setAttribute('aria-current', 'true');
        } else {
          b.removeAttribute('aria-current');
        }
      });
    }

    function clearMessages() {
      els.messages.replaceChildren(els.empty);
      els.empty.hidden = false;
    }

    function openConversation(id) {
      stopStream();
      hideError();
      closeSidebar();
      getJSON('/api/conversations/' + encodeURIComponent(id)).then(function (j) {
        state.conversationId = id;
        clearMessages();
        var msgs = (j && Array.isArray(j.messages)) ? j.messages : [];
        msgs.forEach(function (m) {
          if (!m || typeof m.body !== 'string') {
            return;
          }
          if (m.type === 'USER') {
            addQuestion(m.body);
          } else {
            var a = addAnswer();
            finishAnswer(a, m.body, m.sources, m.messageId);
          }
        });
        markCurrent();
        els.messages.scrollTop = els.messages.scrollHeight;
        els.message.focus();
      }).catch(report);
    }

    function deleteConversation(id, title, li) {
      if (!win.confirm('Delete the conversation “' + title + '”? This cannot be undone.')) {
        return;
      }
      request('DELETE', '/api/conversations/' + encodeURIComponent(id)).then(function () {
        li.remove();
        if (state.conversationId === id) {
          newConversation();
        }
        if (els.list.children.length === 0) {
          els.listStatus.textContent = 'No conversations yet.';
          els.listStatus.hidden = false;
        }
      }).catch(report);
    }

    function newConversation() {
      stopStream();
      hideError();
      state.conversationId = '';
      clearMessages();
      markCurrent();
      closeSidebar();
      els.message.focus();
    }

    // -- messages

    function addQuestion(text) {
      els.empty.hidden = true;
      var el = doc.createElement('div');
      el.className = 'message question';
      var who = doc.createElement('p');
      who.className = 'visually-hidden';
      who.textContent = 'You asked:';
      var body = doc.createElement('p');
      body.className = 'question-text';
      body.textContent = text;
      el.appendChild(who);
      el.appendChild(body);
      els.messages.appendChild(el);
      return el;
    }

    function addAnswer() {
      els.empty.hidden = true;
      var el = doc.createElement('div');
      el.className = 'message answer';
      el.setAttribute('aria-live', 'polite');
      var body = doc.createElement('div');
      body.className = 'answer-body';
      el.appendChild(body);
      els.messages.appendChild(el);
      return el;
    }

    function renderBody(answer, text) {
      answer.querySelector('.answer-body').replaceChildren(renderMarkdown(text, doc));
    }

    function finishAnswer(answer, text, sources, messageId) {
      renderBody(answer, text);
      answer.setAttribute('aria-busy', 'false');
      if (Array.isArray(sources) && sources.length > 0) {
        answer.appendChild(citations(sources));
      }
      if (typeof messageId === 'string' && messageId !== '' && state.conversationId !== '') {
        answer.appendChild(feedback(state.conversationId, messageId));
      }
    }

    function citations(sources) {
      var wrap = doc.createElement('div');
      wrap.className = 'sources';
      var h = doc.createElement('p');
      h.className = 'sources-heading';
      h.textContent = 'Sources';
      var ol = doc.createElement('ol');
      ol.className = 'citations';
      sources.slice().sort(function (a, b) {
        return (a.citationNumber || 0) - (b.citationNumber || 0);
      }).forEach(function (s, i) {
        if (!s || typeof s !== 'object') {
          return;
        }
        var n = typeof s.citationNumber === 'number' && s.citationNumber > 0 ? s.citationNumber : i + 1;
        var title = typeof s.title === 'string' && s.title.trim() !== '' ? s.title : (typeof s.url === 'string' && s.url ? s.url : 'Source');
        var li = doc.createElement('li');
        li.className = 'citation';
        var href = safeURL(s.url);
        var label = doc.createElement(href === null ? 'span' : 'a');
        label.className = 'citation-label';
        if (href !== null) {
          label.setAttribute('href', href);
          label.setAttribute('rel', 'noopener noreferrer nofollow');
          label.setAttribute('target', '_blank');
        }
        var num = doc.createElement('span');
        num.className = 'citation-number';
        num.textContent = '[' + n + ']';
        label.appendChild(num);
        label.appendChild(doc.createTextNode(' ' + title));
        li.appendChild(label);
        if (typeof s.snippet === 'string' && s.snippet.trim() !== '') {
          var snip = doc.createElement('p');
          snip.className = 'snippet';
          snip.textContent = s.snippet;
          li.appendChild(snip);
        }
        ol.appendChild(li);
      });
      wrap.appendChild(h);
      wrap.appendChild(ol);
      return wrap;
    }

    function feedback(conversationId, messageId) {
      var box = doc.createElement('div');
      box.className = 'feedback';
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Was this answer helpful?');
      var status = doc.createElement('span');
      status.className = 'feedback-status';
      status.setAttribute('role', 'status');
      var buttons = [['USEFUL', 'feedback-useful', '👍', 'Helpful'], ['NOT_USEFUL', 'feedback-not-useful', '👎', 'Not helpful']];
      var els2 = buttons.map(function (b) {
        var btn = doc.createElement('button');
        btn.type = 'button';
        btn.className = 'icon-button ' + b[1];
        var icon = doc.createElement('span');
        icon.setAttribute('aria-hidden', 'true');
        icon.textContent = b[2];
        btn.appendChild(icon);
        btn.appendChild(doc.createTextNode(' ' + b[3]));
        btn.setAttribute('aria-pressed', 'false');
        btn.addEventListener('click', function () {
          btn.disabled = true;
          request('POST', '/api/feedback', { conversationId: conversationId, messageId: messageId, usefulness: b[0] })
            .then(function () {
              els2.forEach(function (o) { o.setAttribute('aria-pressed', String(o === btn)); });
              status.textContent = 'Thanks for your feedback.';
            })
            .catch(report)
            .then(function () { btn.disabled = false; });
        });
        box.appendChild(btn);
        return btn;
      });
      box.appendChild(status);
      return box;
    }

    // -- sending and streaming

    function streaming(on) {
      els.stop.hidden = !on;
      els.send.disabled = on || state.ended;
    }

    function stopStream() {
      if (state.stream) {
        state.stream.abort();
        state.stream = null;
      }
    }

    function nearBottom() {
      var m = els.messages;
      return m.scrollHeight - m.scrollTop - m.clientHeight < 80;
    }

    function send() {
      var text = els.message.value.trim();
      if (text === '' || state.stream || state.ended) {
        return;
      }
      hideError();
      addQuestion(text);
      els.message.value = '';
      var answer = addAnswer();
      answer.setAttribute('aria-busy', 'true');
      els.messages.scrollTop = els.messages.scrollHeight;
      var ctl = new AbortController();
      state.stream = ctl;
      streaming(true);
      var acc = '';
      var finished = false;

      function render() {
        state.renderPending = false;
        if (finished) {
          return;
        }
        var stick = nearBottom();
        renderBody(answer, acc);
        if (stick) {
          els.messages.scrollTop = els.messages.scrollHeight;
        }
      }

      function fail(msg) {
        finished = true;
        answer.setAttribute('aria-busy', 'false');
        if (acc === '') {
          answer.remove();
          if (els.message.value === '') {
            els.message.value = text; // to send again
          }
        } else {
          renderBody(answer, acc);
          var note = doc.createElement('p');
          note.className = 'answer-note';
          note.textContent = 'The answer was cut off.';
          answer.appendChild(note);
        }
        if (msg) {
          showError(msg);
        }
      }

      function onEvent(ev) {
        if (finished) {
          return;
        }
        if (ev.event === 'text') {
          acc += frameText(ev.data);
          if (!state.renderPending) {
            state.renderPending = true;
            win.requestAnimationFrame(render);
          }
        } else if (ev.event === 'done') {
          var d;
          try {
            d = JSON.parse(ev.data);
          } catch (e) {
            fail('The answer could not be read. Try again.');
            return;
          }
          var fresh = state.conversationId !== d.conversationId;
          if (typeof d.conversationId === 'string' && d.conversationId !== '') {
            state.conversationId = d.conversationId;
          }
          finished = true;
          finishAnswer(answer, typeof d.answer === 'string' && d.answer !== '' ? d.answer : acc, d.sources, d.systemMessageId);
          if (fresh) {
            loadConversations();
          }
        } else if (ev.event === 'error') {
          var msg = 'The answer failed. Try again.';
          try {
            var j = JSON.parse(ev.data);
            if (j && typeof j.message === 'string' && j.message.trim() !== '') {
              msg = j.message;
            }
          } catch (e) {
            // keep the general message
          }
          fail(msg);
        }
      }

      var body = { message: text };
      if (state.conversationId) {
        body.conversationId = state.conversationId;
      }
      request('POST', '/api/chat', body, ctl.signal).then(function (resp) {
        if (!resp.body || !resp.body.getReader) {
          throw new Error('This browser cannot show streamed answers. Use a current browser.');
        }
        var parser = createSSEParser(onEvent);
        var reader = resp.body.getReader();
        var dec = new TextDecoder('utf-8');
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) {
              parser.push(dec.decode());
              parser.end();
              return;
            }
            parser.push(dec.decode(r.value, { stream: true }));
            return pump();
          });
        }
        return pump();
      }).then(function () {
        if (!finished) {
          fail('The answer was cut off before it was complete. Try again.');
        }
      }, function (e) {
        if (e && e.name === 'AbortError') {
          fail('');
          return;
        }
        if (e && e.status === 401) {
          fail('');
          return;
        }
        fail(e && e.message ? e.message : networkMessage());
      }).then(function () {
        if (state.stream === ctl) {
          state.stream = null;
        }
        streaming(false);
      });
    }

    // -- sign out

    function signOut() {
      els.signout.disabled = true;
      request('POST', '/logout', {}).then(gone, function (e) {
        if (e && e.status === 401) {
          gone();
          return;
        }
        els.signout.disabled = false;
        report(e);
      });
    }

    // gone leaves nothing of the session on the page and goes to the start
    // page, replacing this one in the history.
    function gone() {
      stopStream();
      clearMessages();
      els.list.replaceChildren();
      els.whoami.textContent = '';
      win.location.replace('/');
    }

    // -- narrow screens: the conversation list opens over the chat

    function closeSidebar() {
      els.sidebar.classList.remove('open');
      els.toggle.setAttribute('aria-expanded', 'false');
    }

    els.toggle.addEventListener('click', function () {
      var open = !els.sidebar.classList.contains('open');
      els.sidebar.classList.toggle('open', open);
      els.toggle.setAttribute('aria-expanded', String(open));
    });

    // -- wiring

    els.composer.addEventListener('submit', function (e) {
      e.preventDefault();
      send();
    });
    els.message.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing) {
        e.preventDefault();
        send();
      }
    });
    els.stop.addEventListener('click', stopStream);
    els.newConversation.addEventListener('click', newConversation);
    els.signout.addEventListener('click', signOut);
    win.addEventListener('offline', function () { showError(networkMessage()); });
    win.addEventListener('online', hideError);

    loadConversations();
    els.message.focus();
  }

  var exported = {
    createSSEParser: createSSEParser,
    frameText: frameText,
    safeURL: safeURL,
    parseMarkdown: parseMarkdown,
    parseInline: parseInline,
    renderMarkdown: renderMarkdown,
    toDOM: toDOM,
    describeStatus: describeStatus
  };
  if (typeof module === 'object' && module && module.exports) {
    module.exports = exported;
  }
  if (typeof document !== 'undefined' && document.getElementById('composer')) {
    start(document, window);
  }
}());
