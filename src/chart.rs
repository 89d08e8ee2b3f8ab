//! The bar chart of `/sip stats`: a PNG drawn with plotters on a bitmap, with a font compiled
//! into the binary (DejaVu Sans, see `assets/fonts/`), so it draws the same on any machine,
//! Vietnamese diacritics included. No I/O: bytes in memory, for an attachment.
