// Dossier: the page side of search, loaded just before Material's bundle.
//
// Material runs its search in a Web Worker. Browsers refuse to start a worker from a page
// opened from a folder (file://), so search would silently disappear offline; Material's
// `offline` plugin fixes that with a shim fetched from a CDN, which we must not do. This file
// stands in for `Worker` when Material asks for its search worker:
//
// - over http(s), it starts a real worker running our `search-worker.js`, which loads
//   Material's worker and teaches its Lunr index to fold Vietnamese accents;
// - from file://, it runs the same two scripts in a hidden same-origin iframe and passes the
//   messages that a worker would receive and send.
//
// Any other worker is started as usual.
(function () {
  "use strict";

  var NativeWorker = window.Worker;
  var MATERIAL_SEARCH_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var FOLDING_WORKER = new URL("search-worker.js", document.currentScript.src).href;

  // Load one classic script into a document; resolves once it has run.
  function load(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      doc.head.appendChild(script);
    });
  }

  // A worker for pages opened from a folder: the worker's scripts run in a hidden iframe
  // whose `postMessage` and `importScripts` behave as a worker's do. Messages are copied
  // both ways, as a worker's are, each into the realm that receives it.
  class FrameWorker extends EventTarget {
    constructor(script, name) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.tabIndex = -1;
      this.frame.title = "Search worker";
      this.frame.setAttribute("aria-hidden", "true");
      document.body.appendChild(this.frame);
      var scope = this.frame.contentWindow;
      var worker = this;
      scope.name = name;
      scope.postMessage = function (data) { worker.receive(data); };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (loaded, url) {
          return loaded.then(function () { return load(scope.document, url); });
        }, Promise.resolve());
      };
      this.scope = scope;
      this.ready = load(scope.document, script).then(function () { return scope.dossierReady; });
      this.ready.catch(function (error) { worker.fail(error); });
    }

    postMessage(data) {
      var scope = this.scope;
      this.ready.then(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: scope.structuredClone(data) }));
      });
    }

    receive(data) {
      var event = new MessageEvent("message", { data: structuredClone(data) });
      if (typeof this.onmessage === "function") this.onmessage(event);
      this.dispatchEvent(event);
    }

    fail(error) {
      var event = new ErrorEvent("error", { message: String(error), error: error });
      if (typeof this.onerror === "function") this.onerror(event);
      this.dispatchEvent(event);
    }

    terminate() {
      this.frame.remove();
    }
  }

  function DossierWorker(url, options) {
    var target = new URL(url, location.href);
    if (!MATERIAL_SEARCH_WORKER.test(target.pathname)) return new NativeWorker(url, options);
    // The folding worker learns which script to load from its name.
    if (location.protocol === "file:") return new FrameWorker(FOLDING_WORKER, target.href);
    return new NativeWorker(FOLDING_WORKER, { name: target.href });
  }
  DossierWorker.prototype = NativeWorker.prototype;
  window.Worker = DossierWorker;

  // Material's search panel is a dialog without a name; screen readers announce it as
  // "dialog". Give it the name of its own search field.
  // This script comes after the header in the page, so the dialog is already there.
  document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
    var field = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", field ? field.getAttribute("aria-label") : "Search");
  });
})();
