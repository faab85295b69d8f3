package demo

import (
	"context"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

// exportPrepare gives the demo's pilote an export prepared by the job, as a
// list too long to send at once would be: the page « Exports » shows it
// with its download (kept 24 hours from the loading of the demo).
func exportPrepare(ctx context.Context, s *store.Store, now time.Time) error {
	c, err := s.GetCompteByEmail(ctx, "pilote@"+DomaineDemo)
	if err != nil {
		return err
	}
	a := workflow.Actor{Compte: c, P: model.Principal{CompteID: c.ID, H: c.Habilitations[0]}, IP: "démonstration"}
	f := workflow.FiltreDemandes(a.P)
	r := workflow.RequeteExport{Liste: model.ExportDemandes, Format: export.FormatXLSX, Filtres: "tous les états", Demandes: &f}
	n, err := workflow.CompterExport(ctx, s, r)
	if err != nil {
		return err
	}
	id, err := workflow.LancerExport(ctx, s, a, r, n, now)
	if err != nil {
		return err
	}
	return workflow.ProduireExport(ctx, s, id)
}
