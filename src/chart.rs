//! The bar chart of `/sip stats`: a PNG drawn with plotters on a bitmap, with a font compiled
//! into the binary (DejaVu Sans, see `assets/fonts/`), so it draws the same on any machine,
//! Vietnamese diacritics included. No I/O: bytes in memory, for an attachment.

use std::sync::OnceLock;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sipbot-sans";

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 400;

#[derive(Debug, thiserror::Error)]
#[error("drawing the chart failed: {0}")]
pub struct ChartError(String);

fn font_ready() -> Result<(), ChartError> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
                .map_err(|_| "the embedded font is not a valid TTF".to_string())
        })
        .clone()
        .map_err(ChartError)
}

/// A bar per `(label, count)`, left to right, as PNG bytes of [`WIDTH`]×[`HEIGHT`].
pub fn bar_chart_png(title: &str, bars: &[(String, u64)]) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, title, bars).map_err(ChartError)?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError(e.to_string()))?;
    writer
        .write_image_data(&rgb)
        .map_err(|e| ChartError(e.to_string()))?;
    writer.finish().map_err(|e| ChartError(e.to_string()))?;
    Ok(out)
}

fn draw(rgb: &mut [u8], title: &str, bars: &[(String, u64)]) -> Result<(), String> {
    fn s(e: impl std::fmt::Display) -> String {
        e.to_string()
    }
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(s)?;
    let n = bars.len().max(1) as u32;
    // A segmented 0..last has last + 1 slots; a single range value would have none.
    let last = if n > 1 { n - 1 } else { 1 };
    let top = bars.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    // Head room above the tallest bar, and whole numbers on the axis.
    let y_max = top + top.div_ceil(10);
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FAMILY, 22))
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d((0u32..last).into_segmented(), 0u64..y_max)
        .map_err(s)?;
    let label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) => bars
            .get(*i as usize)
            .map(|(l, _)| l.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(bars.len().max(1))
        .x_label_formatter(&label)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v}"))
        .label_style((FAMILY, 15))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(s)?;
    let colour = RGBColor(0x34, 0x98, 0xDB);
    chart
        .draw_series(bars.iter().enumerate().map(|(i, (_, count))| {
            let i = i as u32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0),
                    (SegmentValue::Exact(i + 1), *count),
                ],
                colour.filled(),
            );
            bar.set_margin(0, 0, 8, 8);
            bar
        }))
        .map_err(s)?;
    root.present().map_err(s)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_png_with_the_embedded_font() {
        let bars = vec![("486".to_string(), 12), ("403".to_string(), 5)];
        let png = bar_chart_png("Mã được giải thích, 7 ngày qua", &bars).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(png.len() > 2_000, "{} bytes: nothing drawn?", png.len());
        // An empty period still draws (empty axes), never panics.
        assert!(bar_chart_png("empty", &[]).is_ok());
    }
}
