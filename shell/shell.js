// shell.js: the page around the WASM app: capability checks, config.json, the loading indicator,
// the sign-in form, and start-up of app.js. The app calls back through `consoleShell`.
// Start-up runs in parallel: the font, config.json, app.js and the compilation of app.wasm start at
// once (index.html preloads them), and with a stored token the requests of the first screen leave
// before the app runs; the app's HTTP layer takes their answers (core/api/prefetch_table.hpp).
'use strict';

// The requests the app sends when it starts signed in (core/app/update_auth.cpp AppStarted ->
// load_accounts): the list page of the URL's route, the six stage counts, the users directory. The
// URLs are built with the core's rules (core/app/route.cpp parse_hash, core/api/account_query.cpp,
// core/util/url.cpp), byte for byte on UTF-8; tests/fixtures/start_requests.json holds cases both
// sides are tested against (tests/core/prefetch_table_test.cpp, tests/e2e/start_requests.test.js).
var consoleStartRequests = (function () {
  var kDefaultLimit = 25, kMaxLimit = 100, kMaxPage = 1000000000;
  var kFilters = ['stage', 'industry', 'assignedTo', 'search'];   // core's kAccountFilters, in order
  var kStages = ['prospect', 'active', 'customer', 'partner', 'churned'];
  var kMaxInt64 = '9223372036854775807';
  // Strings below are "byte strings": one char per UTF-8 byte, as the core sees them.
  function utf8Bytes(s) {
    var b = new TextEncoder().encode(s), out = '';
    for (var i = 0; i < b.length; i++) out += String.fromCharCode(b[i]);
    return out;
  }
  function hexValue(c) {
    if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
    if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
    if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
    return -1;
  }
  function urlDecode(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (c === '+') out += ' ';
      else if (c === '%' && i + 2 < s.length && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
        out += String.fromCharCode(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
        i += 2;
      } else out += c;
    }
    return out;
  }
  function urlEncode(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46 || c === 126) {
        out += s[i];
      } else {
        out += '%' + '0123456789ABCDEF'[c >> 4] + '0123456789ABCDEF'[c & 15];
      }
    }
    return out;
  }
  function parseQuery(q) {
    var out = [];
    if (q[0] === '?') q = q.slice(1);
    q.split('&').forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf('=');
      if (eq < 0) out.push([urlDecode(part), '']);
      else out.push([urlDecode(part.slice(0, eq)), urlDecode(part.slice(eq + 1))]);
    });
    return out;
  }
  // "12" -> 12; "0", "-1", "1x", "", beyond int64 -> null (std::from_chars into int64_t, then >= 1).
  function positiveInt(s) {
    if (!/^[0-9]+$/.test(s)) return null;
    var digits = s.replace(/^0+/, '');
    if (!digits) return null;
    if (digits.length > kMaxInt64.length || (digits.length === kMaxInt64.length && digits > kMaxInt64)) return null;
    return digits.length > 10 ? Infinity : Number(digits);   // only compared with the clamps below
  }
  function parseRoute(hash) {
    var h = utf8Bytes(hash);
    if (h[0] === '#') h = h.slice(1);
    var qm = h.indexOf('?');
    var q = { page: 1, limit: kDefaultLimit, ordering: '' };
    kFilters.forEach(function (f) { q[f] = ''; });
    var seen = {};
    parseQuery(qm < 0 ? '' : h.slice(qm + 1)).forEach(function (kv) {
      var k = kv[0], v = kv[1], n;
      if (Object.prototype.hasOwnProperty.call(seen, k)) return;   // the first value wins
      seen[k] = true;
      if (k === 'page') {
        n = positiveInt(v);
        if (n !== null) q.page = Math.min(n, kMaxPage);
      } else if (k === 'limit') {
        n = positiveInt(v);
        if (n !== null) q.limit = Math.min(n, kMaxLimit);
      } else if (k === 'ordering') {
        q.ordering = v;
      } else if (kFilters.indexOf(k) >= 0) {
        q[k] = v;
      }
    });
    return q;
  }
  function queryString(q) {
    var p = [['page', String(q.page)], ['limit', String(q.limit)]];
    kFilters.forEach(function (f) { if (q[f]) p.push([f, q[f]]); });
    if (q.ordering) p.push(['ordering', q.ordering]);
    return p.map(function (kv) { return urlEncode(kv[0]) + '=' + urlEncode(kv[1]); }).join('&');
  }
  function joinUrl(base, path) { return String(base || '').replace(/\/+$/, '') + path; }
  // The GET URLs the app sends first, in its order.
  function urls(hash, apiBaseUrl) {
    var q = parseRoute(hash || '');
    var list = joinUrl(apiBaseUrl, '/api/accounts/');
    var out = [list + '?' + queryString(q)];
    var c = {};
    for (var k in q) c[k] = q[k];
    c.stage = ''; c.page = 1; c.limit = 1; c.ordering = '';
    out.push(list + '?' + queryString(c));
    kStages.forEach(function (stage) { c.stage = stage; out.push(list + '?' + queryString(c)); });
    out.push(joinUrl(apiBaseUrl, '/api/users/'));
    return out;
  }
  return { urls: urls };
})();

if (typeof module === 'object' && module.exports) module.exports = { startRequests: consoleStartRequests };

var consoleShell = typeof document === 'undefined' ? null : (function () {
  var mark = function (name) { try { performance.mark(name); } catch (e) {} };
  mark('crm:shell-start');
  var $ = function (id) { return document.getElementById(id); };
  var shell = { config: { apiBaseUrl: '', title: 'Accounts Console', allowApiOverride: false }, remember: false };
  // The app's file names: scripts/package.sh renames them by content hash and lists the new names in
  // data-* attributes of this script's tag; a plain build uses the plain names.
  var ownTag = document.currentScript;
  var assets = (function (d) {
    return { 'app.js': d.appJs || 'app.js', 'app.wasm': d.appWasm || 'app.wasm', 'ui.ttf': d.uiFont || 'ui.ttf' };
  })((ownTag && ownTag.dataset) || {});

  shell.fatal = function (message) {
    $('loading').hidden = true;
    $('fatal-text').textContent = message;
    $('fatal').hidden = false;
  };
  shell.appReady = function () { $('loading').hidden = true; };
  shell.contextLost = function (lost) { $('context-lost').hidden = !lost; };
  // Reload buttons: listeners here, not inline handlers (the CSP allows no inline script).
  ['fatal-reload', 'context-lost-reload'].forEach(function (id) {
    $(id).addEventListener('click', function () { location.reload(); });
  });
  // Sign-in: shown on start without a token and over the current screen after any 401; the app
  // checks the token with a real request and then hides the form (or shows it again with why).
  function setChecking(checking) {
    $('signin-submit').disabled = checking;
    $('signin-submit').textContent = checking ? 'Checking…' : 'Sign in';
  }
  shell.showSignIn = function (message) {
    $('loading').hidden = true;
    setChecking(false);
    $('signin-message').textContent = message || '';
    if (message) $('signin-token').setAttribute('aria-invalid', 'true');
    else $('signin-token').removeAttribute('aria-invalid');
    $('signin').hidden = false;
    $('a11y-mirror').inert = true;   // the screen behind the form is out of reach until signed in
    $('signin-token').focus();
  };
  shell.hideSignIn = function () {
    setChecking(false);
    $('signin').hidden = true;
    $('a11y-mirror').inert = false;
    $('canvas').focus();   // into the app: its mirror then takes focus for ImGui's focused item
  };
  var kApiKey = 'accountsConsole.apiBaseUrl';
  function storedApiBase() {
    try { return localStorage.getItem(kApiKey); } catch (e) { return null; }
  }

  function supportsWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  $('signin-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var token = $('signin-token').value.trim();
    if (!token) {
      $('signin-message').textContent = 'Enter your API token.';
      $('signin-token').setAttribute('aria-invalid', 'true');
      $('signin-token').focus();
      return;
    }
    $('signin-token').removeAttribute('aria-invalid');
    var api = null;
    if (shell.config.allowApiOverride) {
      api = $('signin-api').value.trim().replace(/\/+$/, '');
      if (api && !/^https?:\/\/[^\s\/]+/.test(api)) {
        $('signin-message').textContent = 'Enter the API base URL as http(s)://host[:port], or leave it empty for this site.';
        $('signin-api').focus();
        return;
      }
      try { localStorage.setItem(kApiKey, api); } catch (e) {}
    }
    shell.remember = $('signin-remember').checked;
    $('signin-token').value = '';
    $('signin-message').textContent = '';
    setChecking(true);
    if (api !== null) Module.ccall('app_sign_in_with_api', null, ['string', 'string'], [token, api]);
    else Module.ccall('app_sign_in', null, ['string'], [token]);
  });

  // The UI font (ui.ttf): fetched here, alongside config.json and app.js, and handed to the app before
  // its main() runs (a run dependency; platform/ui_font_emscripten.cpp takes the bytes). The app has
  // no virtual file system. A failed fetch still lets main() run: it shows why it cannot start.
  shell.uiFont = { bytes: null, error: '' };
  var uiFontDone = null;
  var configDone = null;
  function fetchUiFont() {
    uiFontDone = fetch(assets['ui.ttf'])
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
      })
      .then(function (buf) {
        var b = new Uint8Array(buf);
        if (b.length === 0) throw new Error('the file is empty');
        // TrueType (00 01 00 00, 'true') or OpenType ('OTTO'): anything else (an HTML error page) is refused.
        var tag = String.fromCharCode(b[0], b[1], b[2], b[3]);
        if (b.length < 12 || (tag !== '\0\x01\0\0' && tag !== 'true' && tag !== 'OTTO')) throw new Error('not a font file');
        shell.uiFont.bytes = b;
        mark('crm:font');
        // The same font for text the app hands to the browser (other scripts, emoji: the app's
        // platform/browser_text.hpp): "CrmUi" first, then the system's fonts for what it lacks.
        if (typeof FontFace !== 'function' || !document.fonts) return null;
        var face = new FontFace('CrmUi', buf.slice(0));
        document.fonts.add(face);
        return face.load().catch(function () { return null; });
      })
      .catch(function (e) { shell.uiFont.error = (e && e.message) || String(e); });
  }

  function start() {
    if (typeof WebAssembly !== 'object') {
      shell.fatal('This browser cannot run WebAssembly. Use a current version of Chrome, Firefox, Safari or Edge.');
      return;
    }
    if (!supportsWebGL2()) {
      shell.fatal('This browser has WebGL 2 turned off or unavailable. Turn on hardware acceleration, or use a current browser.');
      return;
    }
    // All at once (index.html preloads the files): the font, the WASM's compilation, config.json
    // (then the first screen's requests) and app.js, whose main() waits for the font and the config.
    fetchUiFont();
    compileWasm();
    configDone = fetch('config.json', { cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (cfg) {
        for (var k in cfg) shell.config[k] = cfg[k];
        if (shell.config.title) document.title = shell.config.title;
        if (shell.config.allowApiOverride === true) {
          var saved = storedApiBase();
          if (saved !== null) shell.config.apiBaseUrl = saved;
          $('signin-api').value = shell.config.apiBaseUrl || '';
          $('signin-api-row').hidden = false;
        }
        mark('crm:config');
        prefetchFirstScreen();
      });
    var s = document.createElement('script');
    s.src = assets['app.js'];
    s.onerror = function () { shell.fatal('The application file ' + assets['app.js'] + ' could not be loaded.'); };
    document.body.appendChild(s);
  }

  // app.wasm: compiled while it downloads (streaming), from the moment the shell runs; Emscripten's
  // loader gets the compiled module through Module.instantiateWasm. One request either way: a server
  // that does not send application/wasm (streaming needs it) gets the bytes compiled once all here.
  var wasmCompiled = null;
  function compileWasm() {
    var url = assets['app.wasm'];
    wasmCompiled = fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      var streaming = typeof WebAssembly.compileStreaming === 'function' &&
        /^application\/wasm\b/i.test(r.headers.get('content-type') || '');
      return streaming ? WebAssembly.compileStreaming(r) : r.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
    }).then(function (m) { mark('crm:wasm-compiled'); return m; });
  }

  // The first screen's requests, sent as soon as there is a stored token and the API's base URL
  // (config.json), before the app runs. Each entry: {method, url, token, answer, onAnswer}; the app's
  // HTTP layer (platform/http_client_emscripten.cpp) adopts them at start and takes each answer for
  // its own matching request (same method, URL and token), so none is sent twice. Answers carry
  // what an XHR answer carries: status (0: network failure or timeout), body bytes, headers.
  var kTokenKey = 'accountsConsole.token';   // as platform/browser_emscripten.cpp stores it
  // As core::clamp_request_timeout_ms: config.json requestTimeoutSeconds (1-600 s), 15 s by default.
  function requestTimeoutMs() {
    var s = shell.config.requestTimeoutSeconds;
    if (typeof s !== 'number' || !isFinite(s) || s <= 0) return 15000;
    return Math.min(600000, Math.max(1000, Math.round(s * 1000)));
  }
  shell.prefetched = [];
  function storedToken() {
    try { return sessionStorage.getItem(kTokenKey) || localStorage.getItem(kTokenKey) || ''; } catch (e) { return ''; }
  }
  function prefetchFirstScreen() {
    var token = storedToken();
    if (!token || typeof fetch !== 'function') return;
    var urls = consoleStartRequests.urls(location.hash || '', shell.config.apiBaseUrl || '');
    mark('crm:first-request');
    urls.forEach(function (url, i) {
      var entry = { method: 'GET', url: url, token: token, answer: null, onAnswer: null };
      shell.prefetched.push(entry);
      var ctl = typeof AbortController === 'function' ? new AbortController() : null;
      var timedOut = false;
      var timer = setTimeout(function () { timedOut = true; if (ctl) ctl.abort(); }, requestTimeoutMs());
      // The list page first and at high priority; the counts and the users at low priority, so that
      // they do not take a connection app.js or app.wasm still needs (the rows do not wait for them).
      fetch(url, { headers: { 'Accept': 'application/json', 'Authorization': 'Bearer ' + token },
                   credentials: 'same-origin', signal: ctl ? ctl.signal : undefined, priority: i === 0 ? 'high' : 'low' })
        .then(function (r) {
          var headers = '';
          r.headers.forEach(function (v, k) { headers += k + ': ' + v + '\r\n'; });
          return r.arrayBuffer().then(function (b) { return { status: r.status, body: new Uint8Array(b), headers: headers }; });
        })
        .catch(function () { return { status: 0, body: new Uint8Array(0), headers: '', timedOut: timedOut }; })
        .then(function (a) {
          clearTimeout(timer);
          a.url = url;
          if (i === 0) mark('crm:first-answer');
          entry.answer = a;
          if (entry.onAnswer) entry.onAnswer(a);
        });
    });
  }
  shell.markOnce = function (name) { if (!performance.getEntriesByName(name).length) mark(name); };

  window.Module = {
    canvas: $('canvas'),
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    locateFile: function (path, prefix) { return prefix + (assets[path] || path); },  // app.wasm
    preRun: [function () {
      Module.addRunDependency('ui-font');
      uiFontDone.then(function () { Module.removeRunDependency('ui-font'); });
      Module.addRunDependency('config');   // main() reads consoleShell.config
      configDone.then(function () { Module.removeRunDependency('config'); });
    }],
    instantiateWasm: function (imports, receiveInstance) {
      wasmCompiled
        .then(function (m) { return WebAssembly.instantiate(m, imports).then(function (inst) { receiveInstance(inst, m); }); })
        .catch(function (e) { shell.fatal('The application file ' + assets['app.wasm'] + ' could not be loaded (' + ((e && e.message) || e) + '). Reload the page to start again.'); });
      return {};   // the exports arrive through receiveInstance
    },
    onRuntimeInitialized: function () { mark('crm:app-ready'); },
    onAbort: function (what) { shell.fatal('The console stopped unexpectedly (' + what + '). Reload the page to start again.'); },
  };
  // No inline handlers in index.html, so a strict Content-Security-Policy works.
  $('canvas').addEventListener('contextmenu', function (ev) { ev.preventDefault(); });
  start();
  return shell;
})();
