// Russian words for the visual editor's dialogs and buttons (the editor ships English,
// German, French and Polish). Loaded before the editor, which reads window.gettext.
;(() => {
  const words = {
    URL: "Адрес",
    Title: "Подсказка",
    "Open in new window": "Открывать в новом окне",
    "Edit Link": "Ссылка",
    "List properties": "Свойства списка",
    "Decimal numbers": "Цифры",
    "Lowercase letters": "Строчные буквы",
    "Uppercase letters": "Прописные буквы",
    "Lowercase Roman numerals": "Римские строчные",
    "Uppercase Roman numerals": "Римские прописные",
    "Start at": "Начать с",
    "List type": "Вид списка",
    Rows: "Строк",
    Columns: "Столбцов",
    "Include header row": "Строка заголовков",
    "Table Properties": "Новая таблица",
    "Insert Table": "Вставить",
    Insert: "Вставить",
    Update: "Применить",
    Cancel: "Отмена",
    Yes: "Да",
    No: "Нет",
  }
  const titles = {
    bold: "Полужирный",
    italic: "Курсив",
    strike: "Зачёркнутый",
    underline: "Подчёркнутый",
    subscript: "Нижний индекс",
    superscript: "Верхний индекс",
    "unordered list": "Маркированный список",
    "ordered list": "Нумерованный список",
    blockquote: "Цитата",
    "horizontal rule": "Разделитель",
    paragraph: "Абзац",
    undo: "Отменить",
    redo: "Повторить",
    link: "Ссылка",
    "Insert table": "Обычная таблица",
    "heading 2": "Заголовок 2",
    "heading 3": "Заголовок 3",
    "heading 4": "Заголовок 4",
  }
  const previous = window.gettext
  window.gettext = (text) => words[text] || (previous ? previous(text) : text)
  document.addEventListener("prose-editor:ready", (event) => {
    const root = event.target.closest(".prose-editor") || document
    for (const button of root.querySelectorAll("[title], [aria-label]")) {
      const title = titles[button.getAttribute("title") || button.getAttribute("aria-label")]
      if (title) {
        button.setAttribute("title", title)
        button.setAttribute("aria-label", title)
      }
    }
    for (const option of root.querySelectorAll(".prose-menubar__option")) {
      const heading = option.textContent.match(/^Heading (\d)$/)
      if (heading) option.firstElementChild.textContent = `Заголовок ${heading[1]}`
      if (option.textContent === "Paragraph") option.firstElementChild.textContent = "Абзац"
    }
  })
})()
