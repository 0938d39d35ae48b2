//! The PNG plots (plotters, drawn in memory and encoded as PNG): prover
//! time per cycle, proof size and peak memory against the trace size, one
//! line per program and configuration, and the per-stage split of the
//! prover's time at the largest size as stacked bars.
use crate::report::{configs, Row};
use plotters::prelude::*;
use std::error::Error;
use std::path::{Path, PathBuf};

/// Where the text font comes from: a TrueType file of the system (Debian's
/// fonts-dejavu-core, which the install script adds).
const FONT_PATHS: [&str; 3] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

const FONT: &str = "sans-serif";

/// Makes the system's font the plots' text font (once per process).
fn register_font() -> Result<(), Box<dyn Error>> {
    static REGISTERED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let bytes = FONT_PATHS
                .iter()
                .find_map(|p| std::fs::read(p).ok())
                .ok_or("no TrueType font for the plots' text: install fonts-dejavu-core")?;
            plotters::style::register_font(
                FONT,
                FontStyle::Normal,
                Box::leak(bytes.into_boxed_slice()),
            )
            .map_err(|_| "the DejaVu font does not load".to_string())
        })
        .clone()
        .map_err(Into::into)
}

/// Line and bar colours (a colour-blind-safe set).
const COLORS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

/// One line per (configuration, program): `(label, [(log size, value)])`.
fn series(rows: &[Row], value: fn(&Row) -> f64) -> Vec<(String, Vec<(f64, f64)>)> {
    let configs = configs(rows);
    let mut out: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for r in rows {
        let label = if configs.len() > 1 {
            format!("{} ({})", r.program, r.config)
        } else {
            r.program.clone()
        };
        let point = (r.log_size as f64, value(r));
        match out.iter_mut().find(|(l, _)| *l == label) {
            Some((_, points)) => points.push(point),
            None => out.push((label, vec![point])),
        }
    }
    for (_, points) in &mut out {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

/// A line plot of `value` against log2 of the trace size.
fn line_plot(
    path: &Path,
    title: &str,
    y_desc: &str,
    rows: &[Row],
    value: fn(&Row) -> f64,
) -> Result<(), Box<dyn Error>> {
    // A non-finite value (a row of zero cycles, say) would give an axis
    // without end: refuse it instead of drawing forever.
    if let Some(r) = rows.iter().find(|r| !value(r).is_finite()) {
        return Err(format!(
            "{title}: {} at 2^{} has no finite value",
            r.program, r.log_size
        )
        .into());
    }
    let lines = series(rows, value);
    let xs = rows.iter().map(|r| r.log_size as f64);
    let (x0, x1) = (
        xs.clone().fold(f64::INFINITY, f64::min),
        xs.fold(0.0, f64::max),
    );
    let y1 = rows.iter().map(value).fold(0.0, f64::max) * 1.15;
    let root = BitMapBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .build_cartesian_2d((x0 - 0.25)..(x1 + 0.25), 0.0..y1.max(1e-9))?;
    chart
        .configure_mesh()
        .x_desc("trace size (log2 of the cycles)")
        .y_desc(y_desc)
        .x_labels(((x1 - x0) as usize + 1).max(2))
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                format!("2^{}", x.round())
            } else {
                String::new()
            }
        })
        .label_style((FONT, 15))
        .draw()?;
    for (i, (label, points)) in lines.into_iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 15))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

/// Stacked bars of the prover's stages at the largest size, one bar per
/// (configuration, program).
fn stage_bars(path: &Path, rows: &[Row]) -> Result<(), Box<dyn Error>> {
    let largest = rows.iter().map(|r| r.log_size).max().unwrap_or(0);
    let bars: Vec<&Row> = rows.iter().filter(|r| r.log_size == largest).collect();
    let several = configs(rows).len() > 1;
    let names: Vec<String> = bars
        .iter()
        .map(|r| {
            if several {
                format!("{} ({})", r.program, r.config)
            } else {
                r.program.clone()
            }
        })
        .collect();
    // Head room for the legend above the tallest bar.
    if let Some(r) = bars
        .iter()
        .find(|r| !r.stages().iter().all(|(_, t)| t.is_finite()))
    {
        return Err(format!("stage bars: {} has a non-finite time", r.program).into());
    }
    let y1 = bars.iter().map(|r| r.prove_s).fold(0.0, f64::max) * 1.45;
    let root = BitMapBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = bars.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Prover time by stage at 2^{largest} cycles"),
            (FONT, 22),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .build_cartesian_2d(-0.5..(n - 0.5), 0.0..y1.max(1e-9))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc("seconds (median)")
        .x_labels(bars.len().max(1))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .label_style((FONT, 15))
        .draw()?;
    let stage_names = bars.first().map(|r| r.stages().map(|(name, _)| name));
    for s in 0..7 {
        let color = COLORS[s % COLORS.len()];
        let rects: Vec<_> = bars
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let stages = r.stages();
                let bottom: f64 = stages[..s].iter().map(|(_, t)| t).sum();
                let x = i as f64;
                Rectangle::new(
                    [(x - 0.35, bottom), (x + 0.35, bottom + stages[s].1)],
                    color.filled(),
                )
            })
            .collect();
        let label = stage_names.map_or("", |names| names[s]);
        chart
            .draw_series(rects)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font((FONT, 15))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

/// Writes the four plots into `dir`; returns their paths.
pub fn plots(dir: &Path, rows: &[Row]) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    register_font()?;
    let path = |name: &str| dir.join(name);
    let files = [
        path("prove_time_per_cycle.png"),
        path("prove_stages.png"),
        path("proof_size.png"),
        path("peak_memory.png"),
    ];
    line_plot(
        &files[0],
        "Prover time per cycle",
        "microseconds per cycle (median)",
        rows,
        |r| r.prove_s / r.cycles as f64 * 1e6,
    )?;
    stage_bars(&files[1], rows)?;
    line_plot(&files[2], "Proof size", "kilobytes", rows, |r| {
        r.proof_bytes as f64 / 1e3
    })?;
    line_plot(
        &files[3],
        "Prover peak memory",
        "MiB (peak RSS)",
        rows,
        |r| r.peak_rss_mib,
    )?;
    Ok(files.to_vec())
}
