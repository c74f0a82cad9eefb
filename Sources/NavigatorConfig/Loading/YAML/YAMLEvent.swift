/// One of libyaml's parsing events, copied out of the C structure so libyaml's memory can be released at once.
enum YAMLEvent {
    /// The stream begins.
    case streamStart
    /// The stream ends (no more documents).
    case streamEnd
    /// A document begins.
    case documentStart
    /// A document ends.
    case documentEnd
    /// `*name`.
    case alias(name: String, mark: YAMLMark)
    /// A scalar, with the anchor it defines (`&name`), if any.
    case scalar(YAMLScalar, anchor: String?, mark: YAMLMark)
    /// A sequence begins.
    case sequenceStart(anchor: String?, mark: YAMLMark)
    /// The innermost open sequence ends.
    case sequenceEnd
    /// A mapping begins.
    case mappingStart(anchor: String?, mark: YAMLMark)
    /// The innermost open mapping ends.
    case mappingEnd
}
