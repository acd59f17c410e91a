//! The timeline: matching articles per day, week, month or year, and the
//! selected person's or issue's articles on the same buckets.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Sparkline};
use unicode_width::UnicodeWidthStr;

use super::{Picture, Timeline, ViewKind, areas, list};
use crate::tui::app::App;
use crate::tui::text::fit;

/// How long one bar of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// Monday to Sunday.
    Week,
    Month,
    Year,
}

impl Bucket {
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Year => "year",
        }
    }

    /// The first day of the bucket holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        let first_of = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d);
        match self {
            Bucket::Day => d,
            Bucket::Week => d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday())),
            Bucket::Month => first_of(d.year(), d.month()),
            Bucket::Year => first_of(d.year(), 1),
        }
    }

    /// Which bucket after the one starting at `first` holds `d` (`d >= first`).
    pub fn index(self, first: NaiveDate, d: NaiveDate) -> usize {
        let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        let n = match self {
            Bucket::Day => (d - first).num_days(),
            Bucket::Week => (d - first).num_days().div_euclid(7),
            Bucket::Month => months(d) - months(first),
            Bucket::Year => i64::from(d.year() - first.year()),
        };
        usize::try_from(n).unwrap_or(0)
    }

    /// The first day of bucket `i` after the one starting at `first`.
    pub fn nth(self, first: NaiveDate, i: usize) -> NaiveDate {
        let i = i as u64;
        match self {
            Bucket::Day => first.checked_add_days(chrono::Days::new(i)),
            Bucket::Week => first.checked_add_days(chrono::Days::new(i * 7)),
            Bucket::Month => first.checked_add_months(Months::new(i as u32)),
            Bucket::Year => first.checked_add_months(Months::new(i as u32 * 12)),
        }
        .unwrap_or(first)
    }

    /// The bucket starting at `d`, as the axis names it.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Bucket::Day | Bucket::Week => d.format("%Y-%m-%d").to_string(),
            Bucket::Month => d.format("%Y-%m").to_string(),
            Bucket::Year => d.format("%Y").to_string(),
        }
    }
}

/// Articles counted per bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub bucket: Bucket,
    /// The first bucket's first day; `None` when nothing is dated.
    pub first: Option<NaiveDate>,
    pub counts: Vec<u64>,
    /// Articles without a date, not in any bucket.
    pub undated: usize,
}

impl Series {
    /// Counts `dates` in the finest bucket that fits `width` bars from the
    /// oldest to the newest date (years when nothing finer fits).
    pub fn over(dates: &[Option<DateTime<Utc>>], width: usize) -> Series {
        let days: Vec<NaiveDate> = dates.iter().flatten().map(|d| d.date_naive()).collect();
        let (Some(&min), Some(&max)) = (days.iter().min(), days.iter().max()) else {
            return Series {
                bucket: Bucket::Day,
                first: None,
                counts: Vec::new(),
                undated: dates.len(),
            };
        };
        let bucket = [Bucket::Day, Bucket::Week, Bucket::Month]
            .into_iter()
            .find(|b| b.index(b.start(min), max) < width.max(1))
            .unwrap_or(Bucket::Year);
        let first = bucket.start(min);
        let mut s = Series {
            bucket,
            first: Some(first),
            counts: vec![0; bucket.index(first, max) + 1],
            undated: 0,
        };
        s.add(&days);
        s.undated = dates.len() - days.len();
        s
    }

    /// No articles, on the same buckets as `self`.
    pub fn empty_like(&self) -> Series {
        Series {
            counts: vec![0; self.counts.len()],
            undated: 0,
            ..self.clone()
        }
    }

    /// Counts `dates` (a subset of this series' articles) on its buckets.
    pub fn same_buckets(&self, dates: &[Option<DateTime<Utc>>]) -> Series {
        let mut s = self.empty_like();
        let days: Vec<NaiveDate> = dates.iter().flatten().map(|d| d.date_naive()).collect();
        s.add(&days);
        s.undated = dates.len() - days.len();
        s
    }

    fn add(&mut self, days: &[NaiveDate]) {
        let Some(first) = self.first else {
            return;
        };
        let last = self.counts.len().saturating_sub(1);
        for &d in days {
            let i = if d < first {
                0
            } else {
                self.bucket.index(first, d)
            };
            if let Some(c) = self.counts.get_mut(i.min(last)) {
                *c += 1;
            }
        }
    }

    /// Dated articles.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// Bars that fit in the charts beside the list.
pub fn chart_width(body: Rect) -> usize {
    usize::from(areas(ViewKind::Timeline, body).main.width.saturating_sub(2))
}

pub fn render(app: &App, p: &Picture, t: &Timeline, frame: &mut Frame, body: Rect) {
    let a = areas(ViewKind::Timeline, body);
    list(app, p, frame, a.list, " People and issues ", false);
    let top_h = a.main.height / 2;
    let top = Rect {
        height: top_h,
        ..a.main
    };
    let bottom = Rect {
        y: a.main.y + top_h,
        height: a.main.height - top_h,
        ..a.main
    };
    let theme = &app.theme;
    let per = t.all.bucket.name();
    let title = format!(
        " Articles per {per} · {} dated of {} ",
        t.all.total(),
        app.ids.len()
    );
    chart(app, frame, top, title, &t.all, theme.title());
    let (title, style) = match p.current() {
        Some(f) => (
            format!(
                " {} · articles per {per} · {} ",
                fit(&f.label, 30),
                t.selected.total()
            ),
            theme.mention(f.kind),
        ),
        None => (" Nobody selected ".to_string(), theme.dim()),
    };
    chart(app, frame, bottom, title, &t.selected, style);
}

/// One bar chart: the largest count on top, bars, then the first and last
/// bucket's dates.
fn chart(app: &App, frame: &mut Frame, r: Rect, title: String, s: &Series, style: Style) {
    let t = &app.theme;
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(title, t.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let undated = match s.undated {
        0 => String::new(),
        1 => "1 undated".to_string(),
        n => format!("{n} undated"),
    };
    let Some(first) = s.first.filter(|_| s.total() > 0) else {
        let note = if undated.is_empty() {
            "no articles".to_string()
        } else {
            format!("no dated articles ({undated})")
        };
        frame.render_widget(Line::styled(fit(&note, w), t.dim()), inner);
        return;
    };
    // More buckets than columns only happens with years; show the newest.
    let skip = s.counts.len().saturating_sub(w);
    let shown = &s.counts[skip..];
    let max = shown.iter().copied().max().unwrap_or(0).max(1);
    let k = (w / shown.len().max(1)).clamp(1, 8);
    let mut bars = Vec::with_capacity(shown.len() * k);
    for &c in shown {
        bars.extend(std::iter::repeat_n(c, if k >= 3 { k - 1 } else { k }));
        if k >= 3 {
            bars.push(0);
        }
    }
    let mut head = format!("max {max} per {}", s.bucket.name());
    if skip > 0 {
        head.push_str(&format!(" · {skip} older not shown"));
    }
    if !undated.is_empty() {
        head.push_str(&format!(" · {undated}"));
    }
    let mut y = inner.y;
    let mut h = inner.height;
    if h >= 3 {
        frame.render_widget(
            Line::styled(fit(&head, w), t.dim()),
            Rect::new(inner.x, y, inner.width, 1),
        );
        y += 1;
        h -= 2;
        let from = s.bucket.label(s.bucket.nth(first, skip));
        let to = s.bucket.label(s.bucket.nth(first, s.counts.len() - 1));
        let used = bars.len().min(w);
        let axis = if shown.len() == 1 {
            from
        } else {
            let gap = used.saturating_sub(from.width() + to.width()).max(1);
            format!("{from}{}{to}", " ".repeat(gap))
        };
        frame.render_widget(
            Line::styled(fit(&axis, w), t.dim()),
            Rect::new(inner.x, y + h, inner.width, 1),
        );
    }
    frame.render_widget(
        Sparkline::default().data(&bars).max(max).style(style),
        Rect::new(inner.x, y, inner.width, h),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> Option<DateTime<Utc>> {
        Some(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap())
    }

    #[test]
    fn the_bucket_is_the_finest_that_fits_the_width() {
        let dates = [day(2024, 7, 1), day(2024, 7, 3), day(2024, 7, 3), None];
        let s = Series::over(&dates, 80);
        assert_eq!(s.bucket, Bucket::Day);
        assert_eq!(s.counts, [1, 0, 2]);
        assert_eq!(s.undated, 1);

        // 2024-07-01 is a Monday; 2024-09-30 is 13 weeks later.
        let dates = [day(2024, 7, 1), day(2024, 7, 7), day(2024, 9, 30)];
        let s = Series::over(&dates, 40);
        assert_eq!(s.bucket, Bucket::Week);
        assert_eq!(s.first, NaiveDate::from_ymd_opt(2024, 7, 1));
        assert_eq!(s.counts.len(), 14);
        assert_eq!((s.counts[0], s.counts[13]), (2, 1));

        let dates = [day(2020, 1, 31), day(2024, 12, 1)];
        let s = Series::over(&dates, 80);
        assert_eq!(s.bucket, Bucket::Month);
        assert_eq!(s.counts.len(), 60);
        let s = Series::over(&dates, 10);
        assert_eq!((s.bucket, s.counts.len()), (Bucket::Year, 5));
    }

    #[test]
    fn counts_add_up_and_subsets_share_the_buckets() {
        let dates: Vec<_> = (1..=28).map(|d| day(2024, 2, d)).chain([None]).collect();
        let s = Series::over(&dates, 10);
        assert_eq!(s.total() as usize + s.undated, dates.len());
        let sub = s.same_buckets(&dates[..7]);
        assert_eq!(sub.counts.len(), s.counts.len());
        assert_eq!(sub.total(), 7);
        assert!(Series::over(&[None, None], 10).first.is_none());
    }
}
