package sanitize

// CSVCell neutralises a cell for spreadsheets (OWASP CSV injection): a
// cell starting with =, +, -, @, tab or carriage return is read as a
// formula by Excel, LibreOffice and Google Sheets, so it gets a leading
// single quote, which they show as text. Control characters are escaped as
// in Line. Quoting of commas and quotes is left to encoding/csv.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		s = "'" + s
	}
	return Line(s)
}
