import Foundation
public import RankingCore

/// Content vectors from an item's categories, tags and title: TF-IDF over a small vocabulary
/// (every category, every release decade, then the most frequent tokens), each row L2-normalised.
///
/// The decade is worth a dimension of its own: on a temporal split users keep to an era.
public struct ContentVectorizer: Sendable {
    public var dimensions: Int
    public var minimumDocumentFrequency: Int

    public init(dimensions: Int = ModelStoreDefaults.contentDimensions,
                minimumDocumentFrequency: Int = ModelStoreDefaults.contentMinimumDocumentFrequency) {
        self.dimensions = dimensions
        self.minimumDocumentFrequency = minimumDocumentFrequency
    }

    public func vectors(for items: [ItemRecord]) -> FactorMatrix {
        let tokenLists = items.map(Self.tokens(of:))
        var documentFrequency: [String: Int] = [:]
        for tokens in tokenLists {
            for token in Set(tokens) { documentFrequency[token, default: 0] += 1 }
        }
        // Structured features first (categories, decades), then free tokens by frequency.
        let ranked = documentFrequency
            .filter { $0.value >= minimumDocumentFrequency || Self.isStructured($0.key) }
            .sorted { a, b in
                let sa = Self.isStructured(a.key), sb = Self.isStructured(b.key)
                if sa != sb { return sa }
                return a.value > b.value || (a.value == b.value && a.key < b.key)
            }
        let vocabulary = ranked.prefix(dimensions).map(\.key)
        let width = vocabulary.count
        var indexByToken: [String: Int] = [:]
        for (index, token) in vocabulary.enumerated() { indexByToken[token] = index }
        let n = Float(max(1, items.count))
        let idf = vocabulary.map { Float(Foundation.log(Double(n) / Double(documentFrequency[$0]!))) + 1 }

        var matrix = FactorMatrix(rows: items.count, dimension: width)
        for (row, tokens) in tokenLists.enumerated() {
            var norm: Float = 0
            for token in Set(tokens) {
                guard let column = indexByToken[token] else { continue }
                let value = idf[column]
                matrix.values[row * width + column] = value
                norm += value * value
            }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            for column in 0..<width { matrix.values[row * width + column] *= scale }
        }
        return matrix
    }

    static func isStructured(_ token: String) -> Bool {
        token.hasPrefix("category:") || token.hasPrefix("decade:")
    }

    static func tokens(of item: ItemRecord) -> [String] {
        var tokens = item.categories.map { "category:" + $0.lowercased() }
        for tag in item.tags {
            let normalised = tag.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
            if !normalised.isEmpty { tokens.append("tag:" + normalised) }
        }
        var word = ""
        var digits = ""
        for character in item.title.lowercased() + " " {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                if word.count >= 3 && !word.allSatisfy(\.isNumber) { tokens.append("word:" + word) }
                if word.count == 4, word.allSatisfy(\.isNumber), let year = Int(word), (1870...2100).contains(year) {
                    digits = word
                }
                word = ""
            }
        }
        if let year = Int(digits) { tokens.append("decade:\(year / 10 * 10)") }
        return tokens
    }
}
