package store_test

import (
	"context"
	"reflect"
	"testing"

	"cee/internal/store"
	"cee/internal/storetest"
)

func TestMailAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		atts := []store.MailAttachment{
			{Name: "invitation.ics", ContentType: "text/calendar; method=REQUEST; charset=UTF-8", Data: []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")},
			{Name: "Arrêté « désignation ».pdf", ContentType: "application/pdf", Data: []byte{0, 1, 2, 0xff, 0xfe}},
		}
		id, err := s.InsertMail(ctx, store.Mail{Recipients: []string{"a@exemple.fr"}, Subject: "Invitation", Text: "t", HTML: "<p>h</p>", Attachments: atts})
		if err != nil {
			t.Fatal(err)
		}
		plain, err := s.InsertMail(ctx, store.Mail{Recipients: []string{"b@exemple.fr"}, Subject: "Sans pièce jointe", Text: "t", HTML: "<p>h</p>"})
		if err != nil {
			t.Fatal(err)
		}

		m, err := s.GetMail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m.Attachments, atts) {
			t.Errorf("attachments = %+v, want %+v", m.Attachments, atts)
		}
		m, err = s.GetMail(ctx, plain)
		if err != nil || m.Attachments != nil {
			t.Errorf("message without attachments: %+v, %v", m.Attachments, err)
		}
		// The list does not load the files.
		list, total, err := s.ListMails(ctx, 10, 0)
		if err != nil || total != 2 || len(list) != 2 {
			t.Fatalf("ListMails = %d, %d, %v", len(list), total, err)
		}
		for _, m := range list {
			if m.Attachments != nil {
				t.Errorf("ListMails loaded the attachments of %d", m.ID)
			}
		}
	})
}
