//! The report's charts as server-rendered SVG (issue 4 item 6): readable without JavaScript,
//! labelled in the reader's language (`<title>`, `<desc>`, axis titles; a data table beside
//! each chart is the accessible equivalent), colours from the stylesheet's classes (the page
//! CSP allows no inline style), numbers formatted per language, and the time axis running
//! right to left on Arabic pages.

use std::fmt::Write;

/// One bar: its label under the axis, its value, and the value as the page prints it.
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub shown: String,
    /// A bar drawn apart (late acknowledgements).
    pub late: bool,
}

/// What a chart says about itself, in the reader's language.
pub struct Labels<'a> {
    /// Unique within the page (ids of `<title>` and `<desc>`).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    pub rtl: bool,
}

const WIDTH: u32 = 720;
const HEIGHT: u32 = 300;
const LEFT: u32 = 56;
const RIGHT: u32 = 16;
const TOP: u32 = 30;
const BOTTOM: u32 = 64;

/// Text for an SVG text node or attribute: the five XML specials escaped.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A bar chart. `max_hint` fixes the top of the scale (100 for percentages); `None` scales
/// to the largest bar.
pub fn bar_chart(labels: &Labels<'_>, bars: &[Bar], max_hint: Option<u64>) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = max_hint
        .unwrap_or_else(|| bars.iter().map(|b| b.value).max().unwrap_or(0))
        .max(1);
    let n = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let slot = plot_w / n;
    let bar_w = (slot * 7 / 10).max(2);
    let mut out = String::with_capacity(2048 + bars.len() * 256);
    let id = xml_text(labels.id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml_text(labels.title),
        xml_text(labels.desc),
    );
    // The axes: the value axis on the reading start side.
    let axis_x = if labels.rtl { WIDTH - LEFT } else { LEFT };
    let base_y = TOP + plot_h;
    let _ = write!(
        out,
        "<line class=\"chart-axis\" x1=\"{LEFT}\" y1=\"{base_y}\" x2=\"{}\" y2=\"{base_y}\"/>\
         <line class=\"chart-axis\" x1=\"{axis_x}\" y1=\"{TOP}\" x2=\"{axis_x}\" y2=\"{base_y}\"/>",
        WIDTH - RIGHT,
    );
    // `start` and `end` follow the text's direction, which the SVG inherits from the page: the
    // same words put the scale's numbers beside the axis and the axis title inside the
    // picture in both directions.
    let (tick_anchor, title_anchor) = ("end", "start");
    // Scale marks at 0, half and the top.
    let mut marks = vec![0, max / 2, max];
    marks.dedup();
    for (i, v) in marks.iter().enumerate() {
        let y = base_y - u32::try_from(u64::from(plot_h) * v / max).unwrap_or(0);
        let tx = if labels.rtl { axis_x + 6 } else { axis_x - 6 };
        let _ = write!(
            out,
            "<text class=\"chart-tick\" x=\"{tx}\" y=\"{}\" text-anchor=\"{tick_anchor}\">{}</text>",
            y + 4,
            if i == 0 {
                "0".to_owned()
            } else {
                v.to_string()
            },
        );
    }
    let x0 = if labels.rtl { RIGHT } else { LEFT };
    for (i, b) in bars.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(0);
        // On a right-to-left page the first bar stands at the right.
        let slot_i = if labels.rtl { n - 1 - i } else { i };
        let x = x0 + slot_i * slot + (slot - bar_w) / 2;
        let h = u32::try_from(u64::from(plot_h) * b.value.min(max) / max).unwrap_or(0);
        let class = if b.late {
            "chart-bar chart-late"
        } else {
            "chart-bar"
        };
        let _ = write!(
            out,
            "<g><rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{bar_w}\" height=\"{h}\"/>\
             <text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
             <text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            base_y - h,
            x + bar_w / 2,
            (base_y - h).saturating_sub(4).max(TOP),
            xml_text(&b.shown),
            x + bar_w / 2,
            base_y + 18,
            xml_text(&b.label),
        );
    }
    let _ = write!(
        out,
        "<text class=\"chart-axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
         <text class=\"chart-axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"{title_anchor}\">{}</text></svg>",
        WIDTH / 2,
        HEIGHT - 12,
        xml_text(labels.x_axis),
        if labels.rtl { WIDTH - 4 } else { 4 },
        // Above the top mark of the scale, not beside it.
        TOP - 14,
        xml_text(labels.y_axis),
    );
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn labels(rtl: bool) -> Labels<'static> {
        Labels {
            id: "c",
            title: "T <&>",
            desc: "D",
            x_axis: "X",
            y_axis: "Y",
            rtl,
        }
    }

    #[test]
    fn text_is_escaped_and_bars_mirror_in_rtl() {
        let bars = vec![
            Bar {
                label: "a\"".into(),
                value: 3,
                shown: "3".into(),
                late: false,
            },
            Bar {
                label: "b".into(),
                value: 0,
                shown: "0".into(),
                late: true,
            },
        ];
        let ltr = bar_chart(&labels(false), &bars, None);
        assert!(ltr.contains("<title id=\"c-title\">T &lt;&amp;&gt;</title>"));
        assert!(ltr.contains("a&quot;"));
        assert!(!ltr.contains("style="));
        let rtl = bar_chart(&labels(true), &bars, None);
        let first_x = |s: &str| {
            let at = s.find("<rect").unwrap();
            let x = &s[at..];
            let x = &x[x.find("x=\"").unwrap() + 3..];
            x[..x.find('"').unwrap()].parse::<u32>().unwrap()
        };
        assert!(first_x(&rtl) > first_x(&ltr));
    }

    #[test]
    fn an_empty_chart_is_still_drawn() {
        let svg = bar_chart(&labels(false), &[], Some(100));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
