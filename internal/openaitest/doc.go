// Package openaitest runs a fake OpenAI-compatible HTTP server on 127.0.0.1
// for end-to-end tests and for a sandbox mode that needs no real model.
//
// It speaks just enough of the API for the bot: POST /v1/chat/completions
// (non-streaming) and GET /v1/models. Tests point the real go-openai client
// at [Server.URL], script what the "model" answers with [Server.Enqueue] or
// [Options.Handler], and then assert on what the client sent with
// [Server.Requests] and [Server.WaitRequests]. Waiting is done with a
// broadcast channel, never with sleeps, so tests stay fast and deterministic.
//
// A [Reply] can be a JSON or text answer, an HTTP error (429, 500, 503, …,
// with an optional Retry-After header), a delay or a hang that ends as soon as
// the client gives up, a malformed body, or a dropped connection: the
// failures a real endpoint produces and a careful client must survive.
//
// The package deliberately does not import "testing" or net/http/httptest so
// that the production binary can link it for its sandbox mode.
package openaitest
