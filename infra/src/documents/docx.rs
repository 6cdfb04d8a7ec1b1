//! An official document as an editable Word file (bureaus edit the wording before signing), laid
//! out after GB/T 9704-2012 like the PDF: A4, the same margins and line pitch, the fonts by
//! the names a bureau's desktop has (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312; Word and
//! LibreOffice substitute what is missing).

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, Pic, Run, RunFonts, SpecialIndentType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

use super::DocumentError;
use super::model::{Block, OfficialDocument};

const BIAOSONG: &str = "方正小标宋简体";
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";
const RED: &str = "E60012";

/// Twentieths of a point per millimetre.
fn mm(v: f64) -> i32 {
    (v * 56.692_913).round() as i32
}

/// The type area's width, 156 mm, in twips.
const TYPE_WIDTH: usize = 8844;
/// 22 lines in the 225 mm type area: the line pitch, in twips (exact).
const PITCH: i32 = 578;
/// 2号, 3号, 4号 and 小四 in half-points.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_FOOT: usize = 28;
const SIZE_TABLE: usize = 24;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn exact() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(PITCH)
        .before(0)
        .after(0)
}

/// A body paragraph: 3号 仿宋, two characters' indent.
fn body(text: &str, font: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, SIZE_BODY))
        .line_spacing(exact())
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .align(AlignmentType::Both)
}

fn centred(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, size))
        .line_spacing(LineSpacing::new().before(0).after(0))
        .align(AlignmentType::Center)
}

fn blank() -> Paragraph {
    Paragraph::new().line_spacing(exact())
}

/// A rule across the type area: a one-cell table with only its bottom border.
fn rule(color: &str, eighths_of_a_point: usize) -> Table {
    Table::new(vec![TableRow::new(vec![
        TableCell::new().add_paragraph(Paragraph::new()),
    ])])
    .set_borders(
        TableBorders::with_empty().set(
            TableBorder::new(TableBorderPosition::Bottom)
                .border_type(BorderType::Single)
                .size(eighths_of_a_point)
                .color(color),
        ),
    )
    .width(TYPE_WIDTH, WidthType::Dxa)
}

fn table(t: &super::model::Table) -> Table {
    let total: usize = t
        .widths
        .iter()
        .map(|w| usize::from(*w))
        .sum::<usize>()
        .max(1);
    let widths: Vec<usize> = t
        .widths
        .iter()
        .map(|w| usize::from(*w) * TYPE_WIDTH / total)
        .collect();
    let cell = |text: &str, font: &str, width: usize| {
        TableCell::new()
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(text, font, SIZE_TABLE))
                    .align(AlignmentType::Center),
            )
            .width(width, WidthType::Dxa)
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(c, HEITI, *w))
            .collect(),
    );
    let rows = t.rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .zip(&widths)
                .map(|(c, w)| cell(c, FANGSONG, *w))
                .collect(),
        )
    });
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(widths)
        .width(TYPE_WIDTH, WidthType::Dxa)
}

fn add_blocks(mut docx: Docx, blocks: &[Block], doc: &OfficialDocument) -> Docx {
    for b in blocks {
        docx = match b {
            Block::Heading { text } => docx.add_paragraph(body(text, HEITI)),
            Block::Subheading { text } => docx.add_paragraph(body(text, KAITI)),
            Block::Paragraph { text } => docx.add_paragraph(body(text, FANGSONG)),
            Block::Table(t) if t.rows.is_empty() => docx.add_paragraph(body(&t.empty, FANGSONG)),
            Block::Table(t) => docx.add_table(table(t)),
            Block::Figure { images, caption } => {
                let mut p = Paragraph::new().align(AlignmentType::Center);
                let count = u32::try_from(images.len().max(1)).unwrap_or(1);
                // EMU: 156 mm shared by the photographs side by side.
                let slot_emu = 156 * 36_000 / count - 72_000;
                for image in images {
                    if let Some((_, jpeg)) = doc.images.iter().find(|(n, _)| *n == image.name) {
                        let height = slot_emu * image.height_px / image.width_px.max(1);
                        let pic =
                            Pic::new_with_dimensions(jpeg.clone(), image.width_px, image.height_px)
                                .size(slot_emu, height);
                        p = p.add_run(Run::new().add_image(pic).add_text(" "));
                    }
                }
                docx.add_paragraph(p)
                    .add_paragraph(centred(caption, FANGSONG, SIZE_TABLE))
            }
        };
    }
    docx
}

fn page_number(align: AlignmentType) -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run("— ", SONGTI, SIZE_FOOT))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONGTI, SIZE_FOOT))
            .size(SIZE_FOOT)
            .align(align),
    )
}

/// 版记: the copy-to organs and who printed it when, between a thick rule above and below.
fn foot(doc: &OfficialDocument) -> Table {
    let line = |left: &str, right: Option<&str>| {
        let mut p = Paragraph::new().add_run(run(left, FANGSONG, SIZE_FOOT));
        if let Some(right) = right {
            p = p.add_run(run(&format!("　　{right}"), FANGSONG, SIZE_FOOT));
        }
        TableRow::new(vec![
            TableCell::new()
                .add_paragraph(p.indent(Some(280), None, Some(280), None))
                .width(TYPE_WIDTH, WidthType::Dxa),
        ])
    };
    let mut rows = Vec::new();
    if let Some(copy_to) = &doc.copy_to {
        rows.push(line(&format!("抄送：{copy_to}。"), None));
    }
    rows.push(line(
        &doc.printing_office,
        Some(&format!("{}印发", doc.printed_on)),
    ));
    let border = |position, size| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(size)
    };
    Table::new(rows)
        .set_borders(
            TableBorders::with_empty()
                .set(border(TableBorderPosition::Top, 8))
                .set(border(TableBorderPosition::InsideH, 6))
                .set(border(TableBorderPosition::Bottom, 8)),
        )
        .width(TYPE_WIDTH, WidthType::Dxa)
}

pub fn render(doc: &OfficialDocument) -> Result<Vec<u8>, DocumentError> {
    let mark = format!("{}文件", doc.issuing_body);
    // The mark fits the type area on one line: at most 36 pt, smaller for a long name.
    let mark_size = (TYPE_WIDTH / 10 / mark.chars().count().max(1)).clamp(20, 36) * 2;
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .footer(mm(28.0)),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_BODY)
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&mark, BIAOSONG, mark_size).color(RED))
                .align(AlignmentType::Center),
        )
        .add_paragraph(blank())
        .add_paragraph(blank());
    if doc.draft {
        docx = docx.add_paragraph(centred("（草稿）", HEITI, SIZE_BODY));
    }
    if let Some(number) = &doc.number {
        docx = docx.add_paragraph(centred(number, FANGSONG, SIZE_BODY));
    }
    docx = docx
        .add_table(rule(RED, 16))
        .add_paragraph(blank())
        .add_paragraph(centred(&doc.title, BIAOSONG, SIZE_TITLE))
        .add_paragraph(blank())
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{}：", doc.addressees), FANGSONG, SIZE_BODY))
                .line_spacing(exact()),
        );
    docx = add_blocks(docx, &doc.body, doc);
    if !doc.attachments.is_empty() {
        docx = docx.add_paragraph(blank());
        let many = doc.attachments.len() > 1;
        for (i, a) in doc.attachments.iter().enumerate() {
            let text = match (i, many) {
                (_, false) => format!("附件：{}", a.title),
                (0, true) => format!("附件：1. {}", a.title),
                (i, true) => format!("　　　{}. {}", i + 1, a.title),
            };
            docx = docx.add_paragraph(body(&text, FANGSONG));
        }
    }
    let date = doc.date.as_deref().unwrap_or("　　年　　月　　日");
    let signed = |text: &str| {
        Paragraph::new()
            .add_run(run(text, FANGSONG, SIZE_BODY))
            .line_spacing(exact())
            .align(AlignmentType::Right)
            .indent(None, None, Some(1280), None)
    };
    docx = docx
        .add_paragraph(blank())
        .add_paragraph(blank())
        .add_paragraph(blank())
        .add_paragraph(signed(&doc.signature))
        .add_paragraph(signed(date));
    for (i, a) in doc.attachments.iter().enumerate() {
        let label = if doc.attachments.len() > 1 {
            format!("附件{}", i + 1)
        } else {
            "附件".to_owned()
        };
        docx = docx
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_break(BreakType::Page))
                    .add_run(run(&label, HEITI, SIZE_BODY)),
            )
            .add_paragraph(blank())
            .add_paragraph(centred(&a.title, BIAOSONG, SIZE_TITLE))
            .add_paragraph(blank());
        docx = add_blocks(docx, &a.blocks, doc);
    }
    docx = docx
        .add_paragraph(blank())
        .add_paragraph(blank())
        .add_table(foot(doc));
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| DocumentError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}
