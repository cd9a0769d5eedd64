// shell.js: the page around the WASM app: capability checks, config.json, the loading indicator,
// the sign-in form, and start-up of app.js. The app calls back through `consoleShell`.
'use strict';

var consoleShell = (function () {
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
    fetchUiFont();
    fetch('config.json', { cache: 'no-cache' })
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
        var s = document.createElement('script');
        s.src = assets['app.js'];
        s.onerror = function () { shell.fatal('The application file ' + assets['app.js'] + ' could not be loaded.'); };
        document.body.appendChild(s);
      });
  }

  window.Module = {
    canvas: $('canvas'),
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    locateFile: function (path, prefix) { return prefix + (assets[path] || path); },  // app.wasm
    preRun: [function () {
      Module.addRunDependency('ui-font');
      uiFontDone.then(function () { Module.removeRunDependency('ui-font'); });
    }],
    onAbort: function (what) { shell.fatal('The console stopped unexpectedly (' + what + '). Reload the page to start again.'); },
  };
  // No inline handlers in index.html, so a strict Content-Security-Policy works.
  $('canvas').addEventListener('contextmenu', function (ev) { ev.preventDefault(); });
  start();
  return shell;
})();
