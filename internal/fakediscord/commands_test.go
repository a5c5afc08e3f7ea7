package fakediscord

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestBulkOverwriteIsIdempotent(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	app := w.srv.ApplicationID()
	cmds := func(desc string) []*discordgo.ApplicationCommand {
		return []*discordgo.ApplicationCommand{
			{Name: "help", Description: desc},
			askCommand,
			{Name: "Send to office hours", Type: discordgo.MessageApplicationCommand},
		}
	}
	for _, guildID := range []string{"", w.guild.ID} {
		first, err := s.ApplicationCommandBulkOverwrite(app, guildID, cmds("What the bot does"))
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.ApplicationCommandBulkOverwrite(app, guildID, cmds("What the bot does"))
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != 3 || len(second) != 3 {
			t.Fatalf("got %d and %d commands", len(first), len(second))
		}
		for i := range first {
			if first[i].ID != second[i].ID || first[i].Version != second[i].Version {
				t.Errorf("command %q changed identity: %s/%s → %s/%s", first[i].Name, first[i].ID, first[i].Version, second[i].ID, second[i].Version)
			}
			if first[i].ApplicationID != app || first[i].GuildID != guildID {
				t.Errorf("command %q: app %s guild %q", first[i].Name, first[i].ApplicationID, first[i].GuildID)
			}
		}
		listed, err := s.ApplicationCommands(app, guildID)
		if err != nil || len(listed) != 3 {
			t.Fatalf("listed %d commands: %v", len(listed), err)
		}

		// A changed description keeps the ID and bumps the version; a
		// command left out is deleted.
		third, err := s.ApplicationCommandBulkOverwrite(app, guildID, cmds("Something else")[:1])
		if err != nil {
			t.Fatal(err)
		}
		if len(third) != 1 || third[0].ID != first[0].ID || third[0].Version == first[0].Version {
			t.Errorf("after change: %+v", third)
		}
		if got := w.srv.Commands(guildID); len(got) != 1 || got[0].Description != "Something else" {
			t.Errorf("state commands = %+v", got)
		}
	}
}

func TestCommandValidationAndCRUD(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	app := w.srv.ApplicationID()
	bad := []*discordgo.ApplicationCommand{
		{Name: "Help", Description: "upper case"},
		{Name: "help", Description: ""},
		{Name: "ask", Description: "x", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "a"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "b", Required: true},
		}},
	}
	for _, cmd := range bad {
		_, err := s.ApplicationCommandBulkOverwrite(app, w.guild.ID, []*discordgo.ApplicationCommand{cmd})
		wantAPIError(t, err, 400, CodeInvalidFormBody)
	}
	_, err := s.ApplicationCommandBulkOverwrite(app, w.guild.ID, []*discordgo.ApplicationCommand{{Name: "x", Description: "1"}, {Name: "x", Description: "2"}})
	wantAPIError(t, err, 400, CodeInvalidFormBody)

	created, err := s.ApplicationCommandCreate(app, w.guild.ID, &discordgo.ApplicationCommand{Name: "queue", Description: "Queue"})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := s.ApplicationCommandEdit(app, w.guild.ID, created.ID, &discordgo.ApplicationCommand{Name: "queue", Description: "The queue"})
	if err != nil || edited.ID != created.ID || edited.Description != "The queue" {
		t.Fatalf("edit: %+v %v", edited, err)
	}
	if err := s.ApplicationCommandDelete(app, w.guild.ID, created.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.ApplicationCommand(app, w.guild.ID, created.ID)
	wantAPIError(t, err, 404, CodeUnknownCommand)
}
