package workflow

// SetSuiviLot makes SuivreDemandes' transactions smaller, so that a test
// crosses their boundaries with a few solicitations; it returns the undo.
func SetSuiviLot(n int) (restore func()) {
	old := suiviLot
	suiviLot = n
	return func() { suiviLot = old }
}
