// Dossier: the search worker. It loads Material's own search worker, whose address is this
// worker's name, and makes its Lunr index fold accents, so that "hoi dam" finds "hội đàm"
// and text stored decomposed (NFD) is found by a query typed composed (NFC), and back.
//
// Both sides are folded inside Lunr: every token that goes through a pipeline (the words of
// each page as they are indexed, and plain query terms), and every query clause (Material
// adds a wildcard to most terms, and Lunr runs no pipeline on those). Material keeps the
// position of each word in the original text, so results still show and highlight the
// words with their accents.
//
// Runs in a real worker over http(s), and in the iframe that offline.js uses from file://,
// where importScripts returns a promise.
(function (scope) {
  "use strict";

  // Lower case, decompose, drop the combining marks, đ → d, recompose what is left.
  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/\p{Mn}+/gu, "")
      .replace(/đ/g, "d")
      .normalize("NFC");
  }

  function teachLunrToFold(lunr) {
    var run = lunr.Pipeline.prototype.run;
    lunr.Pipeline.prototype.run = function (tokens) {
      tokens.forEach(function (token) { token.update(fold); });
      return run.call(this, tokens);
    };
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (spec) {
      if (typeof spec.term === "string") spec.term = fold(spec.term);
      return clause.call(this, spec);
    };
  }

  // Material's worker loads Lunr's language support (`../lunr/min/lunr.vi.min.js`, for the
  // Vietnamese edition) by addresses relative to its own script, which is not this one: they
  // are resolved against its address here, whether importScripts is the worker's own or the
  // one offline.js gives the frame.
  var materialWorker = scope.name;
  var importScripts = scope.importScripts;
  scope.importScripts = function () {
    var urls = Array.prototype.map.call(arguments, function (url) {
      return new URL(url, materialWorker).href;
    });
    return importScripts.apply(scope, urls);
  };

  var loading = scope.importScripts(materialWorker);
  // offline.js waits for this before it passes the first message on.
  scope.dossierReady = Promise.resolve(loading).then(function () {
    teachLunrToFold(scope.lunr);
  });
})(self);
