// Reference values computed with scipy 1.17.1 (Python 3.11) on 2026-11-28; the code is quoted
// beside each block. scipy's binomtest intervals equal R's binom.test / prop.test(correct=FALSE).
import { describe, expect, it } from 'vitest'
import { clopperPearson, confidenceSequence, decidePassRate, mcnemarMidP, meanInterval, pairedTInterval, passAtK, passHatK, runsToDecide, wilson } from 'vitest-llm/stats'

const close = (actual: readonly number[], expected: readonly number[], digits = 9) =>
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, digits))

describe('wilson', () => {
  // stats.binomtest(x, n).proportion_ci(0.95, 'wilson')
  it.each([
    [8, 10, [0.4901624715366418, 0.9433178485456248]],
    [19, 20, [0.763868806553258, 0.9911185511992047]],
    [0, 10, [0, 0.27753279986288926]],
    [10, 10, [0.7224672001371109, 1]],
    [45, 50, [0.7863976856252034, 0.9565242350681095]],
  ])('%i/%i', (x, n, expected) => close(wilson(x, n), expected))

  it('at 90% confidence', () => {
    // stats.binomtest(45, 50).proportion_ci(0.90, 'wilson')
    close(wilson(45, 50, 0.9), [0.8084624858484292, 0.9504709655225548])
  })

  it('is [0, 1] with no data and rejects impossible counts', () => {
    expect(wilson(0, 0)).toEqual([0, 1])
    expect(() => wilson(11, 10)).toThrow('expected 0 ≤ successes ≤ trials, received 11 of 10')
  })
})

describe('clopperPearson', () => {
  // stats.binomtest(x, n).proportion_ci(0.95, 'exact')
  it.each([
    [8, 10, [0.4439045376923585, 0.9747892736731665]],
    [19, 20, [0.7512672372279723, 0.998734910502044]],
    [0, 10, [0, 0.30849710781876294]],
    [10, 10, [0.6915028921812371, 1]],
    [45, 50, [0.7818646335657977, 0.9667249064109785]],
  ])('%i/%i', (x, n, expected) => close(clopperPearson(x, n), expected))

  it('one-sided lower bound', () => {
    // stats.binomtest(19, 20, alternative='greater').proportion_ci(0.95, 'exact').low
    close(clopperPearson(19, 20, 0.95, 'lower'), [0.7838938357931302, 1])
  })
})

describe('meanInterval and pairedTInterval', () => {
  it('t-interval of a mean', () => {
    // stats.ttest_1samp([4,5,3,4,5,4,2,5], 0).confidence_interval(0.95)
    const estimate = meanInterval([4, 5, 3, 4, 5, 4, 2, 5])
    expect(estimate.mean).toBe(4)
    close(estimate.interval, [3.1062560408818953, 4.893743959118105])
  })

  it('paired t-interval of after − before', () => {
    // stats.ttest_rel([3,5,2,4,4], [4,5,3,4,5]).confidence_interval(0.95)
    close(pairedTInterval([4, 5, 3, 4, 5], [3, 5, 2, 4, 4]).interval, [-1.2800873806582556, 0.08008738065825571])
  })

  it('says nothing about spread from one value', () => {
    expect(meanInterval([4], 0.95, [1, 5]).interval).toEqual([1, 5])
  })
})

describe('mcnemarMidP', () => {
  // n = b + c; k = min(b, c)
  // p = min(1, 2 * (stats.binom.cdf(k - 1, n, .5) + .5 * stats.binom.pmf(k, n, .5)))
  // pWorse = stats.binom.sf(b, n, .5) + .5 * stats.binom.pmf(b, n, .5)
  it.each([
    [10, 2, 0.022460937500000024, 0.011230468749999997],
    [8, 0, 0.003906250000000007, 0.001953125],
    [5, 5, 1, 0.5],
    [3, 12, 0.02127075195312499, 0.9893646240234375],
  ])('worsened %i, improved %i', (b, c, p, pWorse) => {
    const result = mcnemarMidP(b, c)
    expect(result.pValue).toBeCloseTo(p, 12)
    expect(result.pWorse).toBeCloseTo(pWorse, 12)
  })

  it('is 1 without discordant pairs', () => {
    expect(mcnemarMidP(0, 0).pValue).toBe(1)
  })
})

describe('pass@k and pass^k', () => {
  it('match the closed forms', () => {
    // 1 - comb(7, 5) / comb(10, 5); comb(8, 3) / comb(10, 3)
    expect(passAtK(10, 3, 5)).toBeCloseTo(0.9166666666666666, 12)
    expect(passHatK(10, 8, 3)).toBeCloseTo(0.4666666666666667, 12)
    expect(passAtK(10, 6, 5)).toBe(1)
    expect(passHatK(10, 2, 3)).toBe(0)
    expect(() => passAtK(10, 3, 11)).toThrow(RangeError)
  })
})

describe('confidenceSequence (anytime-valid)', () => {
  // Reference by numerical integration of the mixture ratio over the prior and root finding:
  // prior = stats.beta(5*p0, 5*(1-p0))
  // M(p0) = quad(lambda q: exp(s*log(q/p0) + f*log((1-q)/(1-p0))) * prior.pdf(q), p0, 1)[0] / prior.sf(p0)
  // lower = brentq(lambda p: log(M(p)) - log(20), ...); upper likewise over [0, p0] / prior.cdf(p0).
  it.each([
    [19, 20, [0.7050539723117749, 0.9996443602861876]],
    [100, 100, [0.9680626470961587, 1]],
    [5, 10, [0.12450648522051076, 0.8754935147794892]],
    [30, 30, [0.8810510479834501, 1]],
  ])('%i/%i', (s, n, expected) => close(confidenceSequence(s, n), expected, 8))

  it('is wider than the fixed-n interval: the price of looking after every run', () => {
    expect(confidenceSequence(19, 20)[0]).toBeLessThan(clopperPearson(19, 20, 0.95, 'lower')[0])
  })
})

describe('decidePassRate', () => {
  it('passes when the lower bound clears the rate, fails when the upper bound is below it', () => {
    expect(decidePassRate(30, 30, 0.8).verdict).toBe('pass')
    expect(decidePassRate(2, 10, 0.9).verdict).toBe('fail')
    expect(decidePassRate(19, 20, 0.9).verdict).toBe('inconclusive')
    // One look at a fixed n may use the tighter Clopper–Pearson bound.
    expect(decidePassRate(29, 29, 0.9, 0.95, false).verdict).toBe('pass')
    expect(decidePassRate(28, 28, 0.9, 0.95, false).verdict).toBe('inconclusive')
  })

  it('estimates how many runs would decide an inconclusive result', () => {
    const n = runsToDecide(19, 20, 0.8)!
    expect(decidePassRate(Math.round(0.95 * n), n, 0.8).verdict).toBe('pass')
    expect(decidePassRate(Math.round(0.95 * (n - 1)), n - 1, 0.8).verdict).toBe('inconclusive')
    expect(runsToDecide(9, 10, 0.9)).toBeUndefined()
  })
})
