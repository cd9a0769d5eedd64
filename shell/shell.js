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
    return { 'app.js': d.appJs || 'app.js', 'app.wasm': d.appWasm || 'app.wasm', 'app.data': d.appData || 'app.data' };
  })((ownTag && ownTag.dataset) || {});

  shell.fatal = function (message) {
    $('loading').hidden = true;
    $('fatal-text').textContent = message;
    $('fatal').hidden = false;
  };
  shell.appReady = function () { $('loading').hidden = true; };
  shell.showSignIn = function (message) {
    $('loading').hidden = true;
    $('signin-message').textContent = message || '';
    $('signin').hidden = false;
    $('signin-token').focus();
  };
  shell.hideSignIn = function () {
    $('signin').hidden = true;
    $('canvas').focus();
  };

  function supportsWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  $('signin-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var token = $('signin-token').value.trim();
    if (!token) { $('signin-message').textContent = 'Enter your API token.'; return; }
    shell.remember = $('signin-remember').checked;
    $('signin-token').value = '';
    Module.ccall('app_sign_in', null, ['string'], [token]);
  });

  function start() {
    if (typeof WebAssembly !== 'object') {
      shell.fatal('This browser cannot run WebAssembly. Use a current version of Chrome, Firefox, Safari or Edge.');
      return;
    }
    if (!supportsWebGL2()) {
      shell.fatal('This browser has WebGL 2 turned off or unavailable. Turn on hardware acceleration, or use a current browser.');
      return;
    }
    fetch('config.json', { cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (cfg) {
        for (var k in cfg) shell.config[k] = cfg[k];
        if (shell.config.title) document.title = shell.config.title;
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
    locateFile: function (path, prefix) { return prefix + (assets[path] || path); },  // app.wasm, app.data
    onAbort: function (what) { shell.fatal('The console stopped unexpectedly (' + what + '). Reload the page to start again.'); },
  };
  // No inline handlers in index.html, so a strict Content-Security-Policy works.
  $('canvas').addEventListener('contextmenu', function (ev) { ev.preventDefault(); });
  start();
  return shell;
})();
