// Package sandbox is the web page of `peerhours sandbox`: a small chat client
// over the Discord emulator (internal/fakediscord) in which one can be a
// patient, a clinician or a moderator of a demo server and use the real bot,
// connected to the emulator exactly as to Discord.
//
// The page is server-rendered HTML (html/template) with a little JavaScript,
// both embedded in the binary. It draws whatever the bot has registered and
// sent: slash commands with their options (autocomplete asks the bot),
// message-menu commands, embeds, buttons, select menus and modals. It knows
// nothing of peerhours' own commands, so new ones appear without changes
// here. Everything a persona does goes through the emulator's user actions
// (PostMessage, RunCommand, ClickButton …), which check it as Discord would;
// the page only shows what the emulator holds, as that member's client would
// show it (channel visibility, ephemeral replies).
//
// Live updates come from the emulator's Changed channel through server-sent
// events; the page's script then fetches the page again and swaps in the
// messages that changed. Without JavaScript every control still works as a
// plain form or link.
//
// The demo world (demo.go) is made in two steps: the server's shape in the
// emulator (BuildWorld), then what peerhours owns through the running bot
// (World.Seed), so the bot's database and the emulator agree.
package sandbox
