// Package discordspec holds Discord's OpenAPI description of its HTTP API
// (openapi.json, MIT, from discord/discord-api-spec) and the request limits
// peerhours needs in code, generated from it (limits.go). The emulator in
// internal/fakediscord checks requests against the file; the Discord
// adapter in discordadapter keeps its messages, menus and modals within the
// limits. It imports only the standard library.
package discordspec

//go:generate go run ./gen -spec openapi.json -out limits.go
