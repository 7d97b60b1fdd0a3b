// definition.html?id=FILE: shows the page of the definition in FILE. The pages were rendered
// at build time and packed, gzip-compressed and base64-encoded, into assets/details/NNN.js;
// this loads the one shard holding FILE with a <script> tag (fetch is not allowed from
// file://) and decompresses it with the browser's DecompressionStream. Plain JavaScript
// written for this page, like dictionary.js.
(function () {
  'use strict';

  // As DETAIL_SHARDS and shard_of in src/dictionary/site.rs.
  var SHARDS = 128;
  var main = document.getElementById('main');
  var params = new URLSearchParams(location.search);
  // `?id=FILE`, or `#FILE` for a host that drops the query.
  var id = params.get('id') || decodeURIComponent(location.hash.slice(1));

  function done() {
    window.__definitionTimings = { ready: performance.now() };
    main.removeAttribute('aria-busy');
    document.documentElement.dataset.ready = 'true';
  }

  function fail(message) {
    main.textContent = '';
    var h1 = document.createElement('h1');
    h1.textContent = 'Definition not found';
    var p = document.createElement('p');
    p.textContent = message;
    main.appendChild(h1);
    main.appendChild(p);
    done();
  }

  // FNV-1a, 32 bits, over the UTF-8 bytes.
  function shardOf(text) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    }
    return hash % SHARDS;
  }

  function show(pages) {
    if (!Object.prototype.hasOwnProperty.call(pages, id)) {
      fail('No definition in ' + id + ' (it may have been removed or renamed).');
      return;
    }
    // The page is HTML that the build rendered with every value escaped.
    main.innerHTML = pages[id];
    var name = main.querySelector('h1 code');
    if (name) document.title = name.textContent + ' · ' + document.title.replace(/^Definition · /, '');
    done();
  }

  if (!id) {
    fail('No definition was given: open it from the metrics or events table.');
    return;
  }
  if (typeof DecompressionStream === 'undefined') {
    fail('This browser cannot decompress the pages (it has no DecompressionStream); use a current Chrome, Firefox or Safari.');
    return;
  }
  var shard = shardOf(id);
  window.__eventdefDetails = function (n, base64) {
    if (n !== shard) return;
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    new Response(stream).text().then(function (text) { show(JSON.parse(text)); }, function (err) {
      fail('The pages of this definition could not be read: ' + err);
    });
  };
  var script = document.createElement('script');
  script.src = 'assets/details/' + ('00' + shard).slice(-3) + '.js';
  script.onerror = function () { fail('No definition in ' + id + ' (its pages file is missing).'); };
  document.head.appendChild(script);
})();
